package org.jinku.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jinku.api.spi.PeerTransport;
import org.jinku.api.spi.StoreRecords.OutboxRow;

/**
 * Hands committed outbox messages to the transport, oldest first, in batches. A message leaves the
 * outbox only after the transport accepted it; a crash in between sends it again with the same message
 * id, and the receiver's duplicate detection makes that harmless. Failed sends back off, 1 s doubling
 * to 60 s, and are never dropped.
 */
final class Outbox implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final int BATCH = 200;
    private static final long MAX_BATCH_BYTES = 8L * 1024 * 1024;

    private final NodeEngine node;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running = true;
    private final Thread thread;

    Outbox(NodeEngine node) {
        this.node = node;
        this.thread = new Thread(this, "jinku-outbox-" + node.name());
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Called after a commit that enqueued something. */
    void wake() {
        wake.release();
    }

    void stop() {
        running = false;
        wake.release();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                int sent = drainOnce();
                if (sent < BATCH) {
                    wake.tryAcquire(1, TimeUnit.SECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                // Never let the sending thread die: log, wait, try again.
                LOG.warn("node {}: outbox pass failed, retrying: {}", node.name(), e.toString());
                sleepQuietly();
            }
        }
    }

    int drainOnce() {
        List<OutboxRow> rows = node.store().read(s -> s.dueOutbox(Instant.now(), BATCH, Set.copyOf(node.held())));
        if (rows.isEmpty()) {
            return 0;
        }
        // Bound a batch by bytes too: one broker transaction should not hold hundreds of large envelopes.
        List<OutboxRow> due = new ArrayList<>();
        long bytes = 0;
        for (OutboxRow r : rows) {
            if (!due.isEmpty() && bytes + r.body().length > MAX_BATCH_BYTES) {
                break;
            }
            due.add(r);
            bytes += r.body().length;
        }
        List<Map.Entry<String, PeerTransport.Message>> batch = new ArrayList<>(due.size());
        for (OutboxRow r : due) {
            batch.add(Map.entry(r.destination(), new PeerTransport.Message(r.type(), node.address(), r.messageId(),
                    r.headers(), r.body())));
        }
        try {
            node.endpoint().sendBatch(batch);
        } catch (RuntimeException e) {
            LOG.warn("node {}: transport refused {} message(s): {}", node.name(), due.size(), e.getMessage());
            node.store().inTransaction(s -> {
                for (OutboxRow r : due) {
                    long backoff = Math.min(60, 1L << Math.min(r.attempts(), 6));
                    s.rescheduleOutbox(r.id(), r.attempts() + 1, Instant.now().plus(Duration.ofSeconds(backoff)));
                }
                return null;
            });
            return 0;
        }
        node.store().inTransaction(s -> {
            for (OutboxRow r : due) {
                s.removeOutbox(r.id());
                node.handedOver(s, r);
            }
            return null;
        });
        return due.size() < rows.size() ? BATCH : due.size();
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
