package org.jinku.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Driver;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jinku.api.DeliveryStatus;
import org.jinku.api.Direction;
import org.jinku.api.RejectCode;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;
import org.jinku.api.spi.StoreRecords.EventRow;
import org.jinku.api.spi.StoreRecords.OutboxRow;
import org.jinku.api.spi.StoreRecords.RejectionRow;
import org.jinku.api.spi.StoreRecords.VoucherRow;

class JdbcVoucherStoreTest {

    @TempDir
    Path dir;
    private Driver driver;
    private String url;
    private JdbcVoucherStore store;
    private final VoucherKey key = new VoucherKey("210000", "2026", "5201", "V0001");

    @BeforeEach
    void open() throws Exception {
        driver = new org.apache.derby.jdbc.EmbeddedDriver();
        url = "jdbc:derby:" + dir.resolve("db") + ";create=true";
        store = openStore();
    }

    private JdbcVoucherStore openStore() throws Exception {
        return new JdbcVoucherStore("test", () -> driver.connect(url, new Properties()),
                () -> JdbcStoreFactory.shutdown(driver, url), true);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private VoucherRow row(VoucherKey k, String body) {
        Instant now = Instant.now();
        return new VoucherRow(0, k, 0, Direction.OUT, "bank", VoucherState.DRAFT, body, "d1", "100.00", null, now, now);
    }

    @Test
    void voucherSignatureDeliveryEventAndOutboxCommitTogether() {
        long id = store.inTransaction(s -> {
            VoucherRow r = s.insert(row(key, "PFZvdWNoZXI+")).orElseThrow();
            s.setDelivery(r.id(), "bank", DeliveryStatus.SENT, null);
            s.appendEvent(new EventRow(r.id(), 1, Instant.now(), "SUBMITTED", "lr01", "x", "h1"));
            s.enqueue(new OutboxRow(0, "bank", "VOUCHER", key.toString(), Map.of("a", "b=c&d"), new byte[] {1, 2}, 0,
                    Instant.now().minusSeconds(1)));
            return r.id();
        });
        store.inTransaction(s -> {
            assertEquals("PFZvdWNoZXI+", s.find(key, 0).orElseThrow().bodyBase64());
            assertEquals(DeliveryStatus.SENT, s.deliveries(id).get(0).status());
            assertEquals("h1", s.lastEvent(id).orElseThrow().hash());
            List<OutboxRow> due = s.dueOutbox(Instant.now(), 10);
            assertEquals(1, due.size());
            assertEquals(Map.of("a", "b=c&d"), due.get(0).headers());
            assertEquals(Map.of(DeliveryStatus.SENT, 1L), s.statusCounts());
            return null;
        });
    }

    @Test
    void failedTransactionLeavesNothingBehind() {
        assertThrows(IllegalStateException.class, () -> store.inTransaction(s -> {
            s.insert(row(key, "AAAA"));
            throw new IllegalStateException("crash before commit");
        }));
        assertEquals(Optional.empty(), store.inTransaction(s -> s.find(key, 0)));
    }

    @Test
    void duplicateKeyIsReportedNotOverwritten() {
        store.inTransaction(s -> s.insert(row(key, "FIRST")));
        Optional<VoucherRow> second = store.inTransaction(s -> {
            Optional<VoucherRow> r = s.insert(row(key, "SECOND"));
            // the transaction stays usable after the refused insert
            s.recordRejection(new RejectionRow(0, Instant.now(), "peer", key.toString(), RejectCode.DUPLICATE_VOUCHER,
                    "duplicate", "d2"));
            return r;
        });
        assertTrue(second.isEmpty());
        assertEquals("FIRST", store.inTransaction(s -> s.find(key, 0)).orElseThrow().bodyBase64());
        assertEquals(RejectCode.DUPLICATE_VOUCHER, store.inTransaction(s -> s.rejections(5)).get(0).code());
    }

    @Test
    void nestedTransactionsAreSavepointsAndAfterCommitWaitsForTheOutermost() {
        VoucherKey other = new VoucherKey("210000", "2026", "5201", "V0002");
        List<String> done = new java.util.ArrayList<>();
        store.inTransaction(s -> {
            store.inTransaction(n -> n.insert(row(key, "KEPT")));
            assertThrows(IllegalStateException.class, () -> store.inTransaction(n -> {
                n.insert(row(other, "UNDONE"));
                store.afterCommit(() -> done.add("undone"));
                throw new IllegalStateException("refused");
            }));
            // the joined read sees the outer transaction's own insert
            assertEquals("KEPT", store.read(n -> n.find(key, 0)).orElseThrow().bodyBase64());
            store.afterCommit(() -> done.add("committed"));
            assertEquals(List.of(), done);
            return null;
        });
        assertEquals(List.of("committed"), done);
        assertTrue(store.read(s -> s.find(other, 0)).isEmpty());
        assertEquals("KEPT", store.read(s -> s.find(key, 0)).orElseThrow().bodyBase64());
    }

    @Test
    void dataAndSchemaSurviveReopen() throws Exception {
        store.inTransaction(s -> s.insert(row(key, "KEEP")));
        store.close();
        store = openStore();
        assertEquals("KEEP", store.inTransaction(s -> s.find(key, 0)).orElseThrow().bodyBase64());
    }

    @Test
    void outboxRescheduleDefersMessages() {
        store.inTransaction(s -> {
            s.enqueue(new OutboxRow(0, "bank", "ACK", "m1", Map.of(), new byte[0], 0, Instant.now().minusSeconds(1)));
            return null;
        });
        long id = store.inTransaction(s -> s.dueOutbox(Instant.now(), 5)).get(0).id();
        store.inTransaction(s -> {
            s.rescheduleOutbox(id, 1, Instant.now().plus(1, ChronoUnit.HOURS));
            return null;
        });
        assertTrue(store.inTransaction(s -> s.dueOutbox(Instant.now(), 5)).isEmpty());
    }

    @Test
    void anErrorRollsTheTransactionBackAndReleasesItsLocks() {
        // Before the fix only Exceptions rolled back: an Error left the insert and its row lock open.
        assertThrows(AssertionError.class, () -> store.inTransaction(s -> {
            s.insert(row(key, "PFZvdWNoZXI+")).orElseThrow();
            throw new AssertionError("simulated error inside the transaction");
        }));
        long started = System.nanoTime();
        assertTrue(store.inTransaction(s -> s.insert(row(key, "PFZvdWNoZXI+"))).isPresent(),
                "the first insert was undone, so the key is free");
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "no lock wait on a lock the error left behind");
        assertThrows(OutOfMemoryError.class, () -> store.inTransaction(s -> store.inTransaction(inner -> {
            inner.updateState(inner.find(key, 0).orElseThrow().id(), VoucherState.SIGNED, null);
            throw new OutOfMemoryError("simulated");
        })));
        assertEquals(VoucherState.DRAFT, store.read(s -> s.find(key, 0).orElseThrow().state()));
    }

    @Test
    void aValueTooLongForItsColumnIsARefusalNotAnOutage() {
        long id = store.inTransaction(s -> s.insert(row(key, "PFZvdWNoZXI+")).orElseThrow().id());
        org.jinku.api.JinkuException e = assertThrows(org.jinku.api.JinkuException.class, () -> store.inTransaction(s -> {
            s.addSignature(new org.jinku.api.spi.StoreRecords.SignatureRow(id, 1, "x".repeat(100), null, null, "01",
                    "CN=a", "AAAA", Instant.now()));
            return null;
        }));
        assertEquals(RejectCode.OVERSIZED, e.code());
    }

    @Test
    void theHistoryHeadIsKeptPerVoucher() {
        long id = store.inTransaction(s -> s.insert(row(key, "PFZvdWNoZXI+")).orElseThrow().id());
        assertTrue(store.read(s -> s.historyHead(id)).isEmpty());
        store.inTransaction(s -> {
            s.setHistoryHead(id, new org.jinku.api.spi.StoreRecords.HistoryHead(3, "ab".repeat(32), "c2ln"));
            return null;
        });
        assertEquals(new org.jinku.api.spi.StoreRecords.HistoryHead(3, "ab".repeat(32), "c2ln"),
                store.read(s -> s.historyHead(id)).orElseThrow());
    }
}
