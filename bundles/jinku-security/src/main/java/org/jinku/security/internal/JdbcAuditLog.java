package org.jinku.security.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jinku.api.security.AuditCheck;
import org.jinku.api.security.AuditEntry;
import org.jinku.api.security.AuditLog;

/**
 * The audit trail (审计日志) in the security database: append-only, hash-chained with SM3, its head also kept in
 * {@code audit.head}. Appends are serialised and on disk (Derby commit, head file forced) before they return.
 */
@Component(service = AuditLog.class)
public class JdbcAuditLog implements AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcAuditLog.class);
    /** Stored and hashed in UTC, so the hash does not depend on the zone the JVM runs in. */
    private static final int MAX_LIST = 1000;
    private static final String COLUMNS = "SEQ, \"AT\", ACTOR, CHANNEL, ACTION, TARGET, OUTCOME, DETAIL, PREV_HASH, HASH";

    private final SecurityDatabase db;
    private final AuditHead head;
    private long lastSeq;
    private String lastHash;

    @Activate
    public JdbcAuditLog(@Reference SecurityDatabase db) {
        this(db, new AuditHead(db.dir().resolve("audit.head")));
    }

    JdbcAuditLog(SecurityDatabase db, AuditHead head) {
        this.db = db;
        this.head = head;
        resume();
    }

    /**
     * Continues after the last entry. If the head file names a later entry than the table holds (the tail was
     * cut), the next entry continues after the head, so the missing entries stay visible as a gap.
     */
    private void resume() {
        lastSeq = 0;
        lastHash = AuditChain.GENESIS;
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT SEQ, HASH FROM AUDIT_LOG WHERE SEQ = (SELECT MAX(SEQ) FROM AUDIT_LOG)");
             ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                lastSeq = rs.getLong(1);
                lastHash = rs.getString(2);
            }
            AuditHead.Head h = head.read();
            if (h != null && h.seq() > lastSeq) {
                LOG.error("audit trail: the head file names entry {} but the table ends at {}; entries were removed",
                        h.seq(), lastSeq);
                lastSeq = h.seq();
                lastHash = h.hash();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit trail: " + e.getMessage(), e);
        } catch (IOException e) {
            LOG.error("audit trail: cannot read {}: {}", head.file(), e.getMessage());
        }
    }

    @Override
    public synchronized AuditEntry append(String actor, String channel, String action, String target,
                                          String outcome, String detail) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long seq = lastSeq + 1;
        String a = clip(actor, 128);
        String ch = clip(channel, 16);
        String ac = clip(action, 200);
        String t = clip(target, 1000);
        String o = clip(outcome, 200);
        String d = clip(detail, 4000);
        String hash = AuditChain.hash(lastHash, seq, at, a, ch, ac, t, o, d);
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO AUDIT_LOG (" + COLUMNS
                     + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, seq);
            ps.setTimestamp(2, Timestamp.from(at), utc());
            ps.setString(3, a);
            ps.setString(4, ch);
            ps.setString(5, ac);
            ps.setString(6, t);
            ps.setString(7, o);
            ps.setString(8, d);
            ps.setString(9, lastHash);
            ps.setString(10, hash);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot append to the audit trail: " + e.getMessage(), e);
        }
        lastSeq = seq;
        lastHash = hash;
        try {
            head.write(seq, hash);
        } catch (IOException e) {
            // the entry is committed; verify() will report the stale head until the next append rewrites it
            LOG.error("audit trail: cannot write {}: {}", head.file(), e.getMessage());
        }
        return new AuditEntry(seq, at, a, ch, ac, t, o, d, hash);
    }

    @Override
    public List<AuditEntry> list(String actor, String text, Instant from, Instant to, int offset, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM AUDIT_LOG WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (actor != null && !actor.isBlank()) {
            sql.append(" AND ACTOR = ?");
            args.add(actor.strip());
        }
        if (text != null && !text.isBlank()) {
            sql.append(" AND (LOWER(ACTOR) LIKE ? ESCAPE '\\' OR LOWER(ACTION) LIKE ? ESCAPE '\\'"
                    + " OR LOWER(TARGET) LIKE ? ESCAPE '\\' OR LOWER(DETAIL) LIKE ? ESCAPE '\\')");
            String like = "%" + text.strip().toLowerCase(Locale.ROOT)
                    .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            for (int i = 0; i < 4; i++) {
                args.add(like);
            }
        }
        if (from != null) {
            sql.append(" AND \"AT\" >= ?");
            args.add(from);
        }
        if (to != null) {
            sql.append(" AND \"AT\" < ?");
            args.add(to);
        }
        sql.append(" ORDER BY SEQ DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY");
        args.add(Math.max(0, offset));
        args.add(limit <= 0 ? 100 : Math.min(limit, MAX_LIST));
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                Object v = args.get(i);
                if (v instanceof Instant t) {
                    ps.setTimestamp(i + 1, Timestamp.from(t), utc());
                } else {
                    ps.setObject(i + 1, v);
                }
            }
            List<AuditEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(entry(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit trail: " + e.getMessage(), e);
        }
    }

    @Override
    public long size() {
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM AUDIT_LOG");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit trail: " + e.getMessage(), e);
        }
    }

    @Override
    public AuditCheck verify() {
        AuditHead.Head h;
        try {
            h = head.read();
        } catch (IOException e) {
            h = null;
        }
        try (Connection c = db.connect()) {
            return new AuditVerifier(c, head.file(), h).run();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit trail: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("SEQ"), rs.getTimestamp("AT", utc()).toInstant(), rs.getString("ACTOR"),
                rs.getString("CHANNEL"), rs.getString("ACTION"), rs.getString("TARGET"), rs.getString("OUTCOME"),
                rs.getString("DETAIL"), rs.getString("HASH"));
    }

    /** Stored in UTC, so the hash does not depend on the zone the JVM runs in; a new one per use (drivers set it). */
    static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"), Locale.ROOT);
    }

    private static String clip(String s, int max) {
        if (s == null) {
            return null;
        }
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
