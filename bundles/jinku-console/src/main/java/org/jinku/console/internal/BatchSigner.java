package org.jinku.console.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.RejectCode;
import org.jinku.api.VoucherKey;

/**
 * Batch signing (批量签章): signs many vouchers one after another as one operator with the PIN the operator typed, in
 * the background, so the browser can show the progress. A refusal of the key itself (wrong PIN, key locked, key
 * revoked) stops the batch at once: going on would only spend the container's PIN tries and lock it.
 * Jobs are kept in memory for an hour after they finish and are visible only to the operator who started them.
 */
final class BatchSigner {

    /** Refusals that concern the signer's key, not the voucher: the rest of the batch would fail the same way. */
    static final Set<RejectCode> STOPS = EnumSet.of(RejectCode.WRONG_PIN, RejectCode.KEY_LOCKED,
            RejectCode.CERTIFICATE_REVOKED, RejectCode.UNKNOWN_CERTIFICATE);
    static final int MAX_KEYS = 1000;
    private static final long KEEP_MILLIS = 3_600_000;

    /** What happened to one voucher, for the audit trail. */
    interface Listener {
        void signed(Job job, VoucherKey key, RejectCode refusal, String message);
    }

    /** One batch: counters the browser polls, and the refusals with their codes. */
    static final class Job {
        final String id = UUID.randomUUID().toString();
        final String owner;
        final String node;
        final List<VoucherKey> keys;
        final Instant started = Instant.now();
        final AtomicInteger done = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final List<Map<String, String>> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile String stopped;
        volatile Instant finished;
        private volatile String pin;

        Job(String owner, String node, List<VoucherKey> keys, String pin) {
            this.owner = owner;
            this.node = node;
            this.keys = List.copyOf(keys);
            this.pin = pin;
        }

        int total() {
            return keys.size();
        }
    }

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService executor;

    BatchSigner(ExecutorService executor) {
        this.executor = executor;
    }

    Job start(Node node, String user, List<VoucherKey> keys, String pin, Listener listener) {
        if (keys.isEmpty() || keys.size() > MAX_KEYS) {
            throw Json.invalid("keys", "size", "keys must name 1-" + MAX_KEYS + " vouchers");
        }
        expire();
        Job job = new Job(user, node.name(), keys, pin);
        jobs.put(job.id, job);
        executor.execute(() -> run(node, job, listener));
        return job;
    }

    Optional<Job> find(String id, String owner) {
        Job j = jobs.get(id);
        return j != null && j.owner.equals(owner) ? Optional.of(j) : Optional.empty();
    }

    static void run(Node node, Job job, Listener listener) {
        try {
            for (VoucherKey key : job.keys) {
                try {
                    node.sign(key, job.owner, job.pin);
                    job.done.incrementAndGet();
                    listener.signed(job, key, null, null);
                } catch (JinkuException e) {
                    job.failed.incrementAndGet();
                    job.errors.add(Map.of("key", key.toString(), "error", e.code().name(),
                            "message", String.valueOf(e.getMessage())));
                    listener.signed(job, key, e.code(), e.getMessage());
                    if (STOPS.contains(e.code())) {
                        job.stopped = e.code().name();
                        return;
                    }
                } catch (RuntimeException e) {
                    job.failed.incrementAndGet();
                    job.errors.add(Map.of("key", key.toString(), "error", RejectCode.INTERNAL_ERROR.name(),
                            "message", "internal error, see the log"));
                    listener.signed(job, key, RejectCode.INTERNAL_ERROR, String.valueOf(e));
                }
            }
        } finally {
            job.pin = null; // the PIN lives no longer than the batch
            job.finished = Instant.now();
        }
    }

    private void expire() {
        long now = System.currentTimeMillis();
        jobs.values().removeIf(j -> j.finished != null && now - j.finished.toEpochMilli() > KEEP_MILLIS);
    }
}
