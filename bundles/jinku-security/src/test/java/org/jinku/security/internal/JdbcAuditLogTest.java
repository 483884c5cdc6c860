package org.jinku.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.jinku.api.security.AuditCheck;
import org.jinku.api.security.AuditEntry;

/** The audit trail on a real embedded Derby in target/: appends, lists, and finds every kind of tampering. */
class JdbcAuditLogTest {

    private Path dir;
    private SecurityDatabase db;
    private JdbcAuditLog log;

    @BeforeEach
    void open() throws Exception {
        dir = Paths.get("target", "audit-test", Long.toString(System.nanoTime()));
        db = new SecurityDatabase(new org.apache.derby.jdbc.EmbeddedDriver(), dir);
        log = new JdbcAuditLog(db, new AuditHead(dir.resolve("audit.head")));
        for (int i = 1; i <= 6; i++) {
            log.append(i % 2 == 0 ? "lr01" : "sh01", "rest", "HTTP POST /nodes/finance/vouchers", "v" + i, "OK 200",
                    i == 3 ? null : "detail " + i + " 中文");
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void sql(String statement) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            assertEquals(1, st.executeUpdate(statement), statement);
        }
    }

    private AuditCheck broken() {
        AuditCheck check = log.verify();
        assertFalse(check.intact(), "tampering not found");
        return check;
    }

    @Test
    void intactChainVerifiesAndListsNewestFirst() {
        AuditCheck check = log.verify();
        assertTrue(check.intact(), check.problems().toString());
        assertEquals(6, check.entries());
        assertEquals(6, log.size());
        List<AuditEntry> all = log.list(null, null, null, null, 0, 10);
        assertEquals(List.of(6L, 5L, 4L, 3L, 2L, 1L), all.stream().map(AuditEntry::seq).toList());
        assertEquals(List.of(6L, 4L, 2L), log.list("lr01", null, null, null, 0, 10).stream().map(AuditEntry::seq).toList());
        assertEquals(List.of(5L), log.list(null, "DETAIL 5", null, null, 0, 10).stream().map(AuditEntry::seq).toList());
        assertEquals(List.of(4L, 3L), log.list(null, null, null, null, 2, 2).stream().map(AuditEntry::seq).toList());
        assertEquals(0, log.list(null, null, Instant.now().plusSeconds(60), null, 0, 10).size());
        assertEquals(6, log.list(null, null, Instant.now().minusSeconds(60), Instant.now().plusSeconds(60), 0, 10).size());
        assertEquals("detail 2 中文", all.get(4).detail());
    }

    @Test
    void changedEntryIsNamed() throws Exception {
        sql("UPDATE AUDIT_LOG SET ACTOR = 'mallory' WHERE SEQ = 3");
        AuditCheck check = broken();
        assertEquals(List.of("entry 3 was changed: its content no longer matches its hash"), check.problems());
    }

    @Test
    void deletedEntryIsFound() throws Exception {
        sql("DELETE FROM AUDIT_LOG WHERE SEQ = 4");
        assertEquals(List.of("entry 4 is missing (deleted)"), broken().problems());
    }

    @Test
    void reorderedEntriesAreFound() throws Exception {
        sql("UPDATE AUDIT_LOG SET SEQ = -3 WHERE SEQ = 3");
        sql("UPDATE AUDIT_LOG SET SEQ = 3 WHERE SEQ = 4");
        sql("UPDATE AUDIT_LOG SET SEQ = 4 WHERE SEQ = -3");
        List<String> problems = broken().problems();
        assertEquals(List.of("entry 3 was written as entry 4: entries were reordered",
                "entry 4 was written as entry 3: entries were reordered"), problems);
    }

    @Test
    void cutTailIsFoundThroughTheHeadFile() throws Exception {
        sql("DELETE FROM AUDIT_LOG WHERE SEQ = 6");
        assertEquals(List.of("entry 6 is missing at the end (the head file names entry 6): the trail was cut"),
                broken().problems());
        // appending after a cut continues after the head, so the cut stays visible
        JdbcAuditLog reopened = new JdbcAuditLog(db, new AuditHead(dir.resolve("audit.head")));
        assertEquals(7, reopened.append("sj01", "shell", "SHELL jinku:audit", null, "OK", null).seq());
        assertEquals(List.of("entry 6 is missing (deleted)"), reopened.verify().problems());
    }

    @Test
    void missingHeadFileIsReported() throws Exception {
        Files.delete(dir.resolve("audit.head"));
        assertTrue(broken().problems().get(0).contains("head file"));
    }

    @Test
    void survivesReopeningAndKeepsChaining() throws Exception {
        db.close();
        db = new SecurityDatabase(new org.apache.derby.jdbc.EmbeddedDriver(), dir);
        log = new JdbcAuditLog(db, new AuditHead(dir.resolve("audit.head")));
        assertEquals(7, log.append("aq01", "shell", "ACCOUNT_CREATED", "x", "OK", null).seq());
        assertTrue(log.verify().intact(), log.verify().problems().toString());
    }
}
