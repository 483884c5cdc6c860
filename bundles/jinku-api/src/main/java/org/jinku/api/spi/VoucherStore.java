package org.jinku.api.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jinku.api.DeliveryStatus;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;
import org.jinku.api.spi.StoreRecords.DeliveryRow;
import org.jinku.api.spi.StoreRecords.EventRow;
import org.jinku.api.spi.StoreRecords.OutboxRow;
import org.jinku.api.spi.StoreRecords.RejectionRow;
import org.jinku.api.spi.StoreRecords.SignatureRow;
import org.jinku.api.spi.StoreRecords.VoucherRow;

/**
 * One node's persistent store. All writes happen inside {@link #inTransaction}: a voucher, its
 * signatures, its state, its event and its outbox message commit together or not at all.
 * <p>
 * Transactions nest per thread: {@code inTransaction} or {@code read} called while a transaction is
 * open on the same thread join it; a nested {@code inTransaction} is a savepoint, undone alone when its
 * work throws. So a caller can process many inputs in one commit while each keeps its own outcome.
 * <p>
 * Failures: {@link StoreUnavailableException} when the database cannot be used at all; a
 * {@link org.jinku.api.JinkuException} when a value does not fit (the input's fault). A transaction is
 * rolled back whatever its work throws, errors included, so no lock outlives it.
 */
public interface VoucherStore extends AutoCloseable {

    <T> T inTransaction(Work<T> work);

    /** A read-only transaction: queries that change nothing (status pages, polling). */
    default <T> T read(Work<T> work) {
        return inTransaction(work);
    }

    /**
     * Runs {@code action} once the transaction open on this thread has committed (never if it rolls
     * back), or at once when none is open: for what must not happen before the data is durable, such as
     * telling an adapter or waking a sender.
     */
    void afterCommit(Runnable action);

    @FunctionalInterface
    interface Work<T> {
        T run(Session session) throws Exception;
    }

    /** Operations available inside one transaction. */
    interface Session {
        /** Reads and locks the row against concurrent writers until commit. */
        Optional<VoucherRow> lock(VoucherKey key, int voucherFlag);

        Optional<VoucherRow> find(VoucherKey key, int voucherFlag);

        /**
         * Inserts a new voucher row (its {@code version}: 1 for a new key, the live version + 1 after
         * {@link #supersede}).
         *
         * @return empty when the (key, flag, version) already exists: the caller decides what a duplicate means
         */
        Optional<VoucherRow> insert(VoucherRow row);

        /** The row is no longer the live version of its key; a next version is inserted in the same transaction. */
        void supersede(long voucherId);

        /** Every version of a key and flag, oldest first (the last is the live one). */
        List<VoucherRow> versions(VoucherKey key, int voucherFlag);

        /** A version no longer live whose content has this SM3 digest: what a late copy or answer names. */
        default Optional<VoucherRow> olderVersion(VoucherKey key, int voucherFlag, String digest) {
            List<VoucherRow> all = versions(key, voucherFlag);
            return all.subList(0, Math.max(0, all.size() - 1)).stream().filter(v -> v.digest().equals(digest))
                    .findFirst();
        }

        void updateState(long voucherId, VoucherState state, String reason);

        /**
         * Replaces the content of a stored row (a corrected receipt, 回单更正): body, digest and amount.
         * Only the engine decides when this is allowed; the event log records the old digest.
         */
        void replaceContent(long voucherId, String bodyBase64, String digest, String payAmt);

        void addSignature(SignatureRow signature);

        /** Removes a row's signatures, before a corrected content is signed again. */
        void removeSignatures(long voucherId);

        List<SignatureRow> signatures(long voucherId);

        void setDelivery(long voucherId, String destination, DeliveryStatus status, String reason);

        List<DeliveryRow> deliveries(long voucherId);

        Optional<EventRow> lastEvent(long voucherId);

        void appendEvent(EventRow event);

        List<EventRow> events(long voucherId);

        void setHistoryHead(long voucherId, StoreRecords.HistoryHead head);

        Optional<StoreRecords.HistoryHead> historyHead(long voucherId);

        void enqueue(OutboxRow message);

        /** Outbox messages due at {@code now}, oldest first. */
        List<OutboxRow> dueOutbox(Instant now, int max);

        /** As {@link #dueOutbox(Instant, int)}, leaving out messages for the {@code held} destinations. */
        default List<OutboxRow> dueOutbox(Instant now, int max, java.util.Set<String> held) {
            if (held.isEmpty()) {
                return dueOutbox(now, max);
            }
            return dueOutbox(now, Integer.MAX_VALUE).stream().filter(r -> !held.contains(r.destination())).limit(max)
                    .toList();
        }

        void removeOutbox(long outboxId);

        void rescheduleOutbox(long outboxId, int attempts, Instant notBefore);

        void recordRejection(RejectionRow rejection);

        List<RejectionRow> rejections(int limit);

        List<VoucherRow> list(int limit);

        /** Rows in a state, oldest first: what a restarted node must resume. */
        List<VoucherRow> inState(org.jinku.api.Direction direction, VoucherState state, int limit);

        /** Count of flag-0 outgoing vouchers per status towards their destination (plus NOT_SENT). */
        Map<DeliveryStatus, Long> statusCounts();
    }

    @Override
    void close();
}
