package org.jinku.security.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.jinku.api.security.AuditCheck;
import org.jinku.api.security.AuditEntry;

/**
 * Walks the audit chain in seq order and says, in plain words naming the entry, what is wrong: an entry
 * changed (its content no longer gives its hash), deleted (a gap in seq), reordered (an entry whose hash is
 * right for another position) or a tail cut off (the head file names a later entry than the table holds).
 * Streams the table; only a suspicious entry costs a look-up of its predecessor by hash.
 */
final class AuditVerifier {

    private static final int MAX_PROBLEMS = 200;
    private static final int MAX_DEPTH = 64;

    private final Connection c;
    private final Path headFile;
    private final AuditHead.Head head;
    private final List<String> problems = new ArrayList<>();
    private int dropped;

    AuditVerifier(Connection c, Path headFile, AuditHead.Head head) {
        this.c = c;
        this.headFile = headFile;
        this.head = head;
    }

    AuditCheck run() throws SQLException {
        long entries = 0;
        long expect = 1;
        String prevStored = AuditChain.GENESIS;
        long lastSeq = 0;
        String lastHash = AuditChain.GENESIS;
        boolean previousFlagged = false;
        try (PreparedStatement ps = c.prepareStatement("SELECT SEQ, \"AT\", ACTOR, CHANNEL, ACTION, TARGET, OUTCOME,"
                + " DETAIL, PREV_HASH, HASH FROM AUDIT_LOG ORDER BY SEQ");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                entries++;
                AuditEntry e = JdbcAuditLog.entry(rs);
                String prevHash = rs.getString("PREV_HASH");
                boolean flagged = false;
                if (e.seq() > expect) {
                    problem(e.seq() - 1 == expect ? "entry " + expect + " is missing (deleted)"
                            : "entries " + expect + ".." + (e.seq() - 1) + " are missing (deleted)");
                    flagged = true;
                }
                if (!AuditChain.hash(prevHash, e.seq(), e).equals(e.hash())) {
                    Long written = originalSeq(e, prevHash, MAX_DEPTH);
                    if (written != null && written != e.seq()) {
                        problem("entry " + e.seq() + " was written as entry " + written + ": entries were reordered");
                    } else {
                        problem("entry " + e.seq() + " was changed: its content no longer matches its hash");
                    }
                    flagged = true;
                } else if (!flagged && !previousFlagged && !prevHash.equals(prevStored)) {
                    problem("entry " + e.seq() + " does not follow entry " + lastSeq
                            + " (its previous-hash differs): an entry before it was deleted, replaced or moved");
                    flagged = true;
                }
                previousFlagged = flagged;
                prevStored = e.hash();
                expect = e.seq() + 1;
                lastSeq = e.seq();
                lastHash = e.hash();
            }
        }
        checkHead(entries, lastSeq, lastHash);
        List<String> out = new ArrayList<>(problems);
        if (dropped > 0) {
            out.add("… and " + dropped + " more problems");
        }
        return new AuditCheck(out.isEmpty(), entries, out);
    }

    private void checkHead(long entries, long lastSeq, String lastHash) {
        if (head == null) {
            if (entries > 0) {
                problem("the head file " + headFile + " is missing: entries cut off the end could not be found");
            }
            return;
        }
        if (head.seq() > lastSeq) {
            problem((head.seq() == lastSeq + 1 ? "entry " + head.seq() + " is"
                    : "entries " + (lastSeq + 1) + ".." + head.seq() + " are")
                    + " missing at the end (the head file names entry " + head.seq() + "): the trail was cut");
        } else if (head.seq() == lastSeq && !head.hash().equals(lastHash)) {
            problem("the last entry " + lastSeq + " is not the one the head file names: it was replaced");
        } else if (head.seq() < lastSeq) {
            problem("entries " + (head.seq() + 1) + ".." + lastSeq + " are not in the head file (it names entry "
                    + head.seq() + "): written outside Jinku, or the head file was replaced");
        }
    }

    /**
     * The seq {@code e} was written at, if its content is intact: found through its predecessor (the entry whose
     * hash is its previous-hash), itself followed back the same way. Null when the content was changed.
     */
    private Long originalSeq(AuditEntry e, String prevHash, int depth) throws SQLException {
        if (AuditChain.hash(prevHash, e.seq(), e).equals(e.hash())) {
            return e.seq();
        }
        long candidate;
        if (AuditChain.GENESIS.equals(prevHash)) {
            candidate = 1;
        } else {
            if (depth == 0) {
                return null;
            }
            Predecessor p = byHash(prevHash);
            if (p == null) {
                return null;
            }
            Long before = originalSeq(p.entry(), p.prevHash(), depth - 1);
            if (before == null) {
                return null;
            }
            candidate = before + 1;
        }
        return AuditChain.hash(prevHash, candidate, e).equals(e.hash()) ? candidate : null;
    }

    private record Predecessor(AuditEntry entry, String prevHash) {
    }

    private Predecessor byHash(String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT SEQ, \"AT\", ACTOR, CHANNEL, ACTION, TARGET, OUTCOME,"
                + " DETAIL, PREV_HASH, HASH FROM AUDIT_LOG WHERE HASH = ?")) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Predecessor(JdbcAuditLog.entry(rs), rs.getString("PREV_HASH")) : null;
            }
        }
    }

    private void problem(String text) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(text);
        } else {
            dropped++;
        }
    }
}
