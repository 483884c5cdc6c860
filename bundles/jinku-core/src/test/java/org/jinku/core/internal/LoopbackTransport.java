package org.jinku.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

import org.jinku.api.spi.PeerTransport;

/**
 * An in-JVM transport for engine tests with the JMS transport's contract: one queue per address that
 * outlives its consumer (like a broker queue), one delivery thread per open endpoint, redelivery while
 * the listener throws, and a switch that makes sends fail (a broker outage). The JMS transport has its
 * own tests against a real broker, and the Pax Exam tests run the engine on it.
 */
final class LoopbackTransport implements PeerTransport {

    private final Map<String, BlockingDeque<Message>> queues = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    /** While true every send fails, as when the broker is down. */
    volatile boolean down;

    private BlockingDeque<Message> queue(String address) {
        return queues.computeIfAbsent(address, a -> new LinkedBlockingDeque<>());
    }

    @Override
    public String id() {
        return "loopback";
    }

    @Override
    public Endpoint open(String address, String user, String password, Listener listener) {
        BlockingDeque<Message> q = queue(address);
        Thread t = new Thread(() -> deliver(q, listener), "loopback-" + address);
        t.setDaemon(true);
        t.start();
        return new Endpoint() {
            @Override
            public void send(String peerAddress, Message message) {
                if (down) {
                    throw new IllegalStateException("broker unreachable");
                }
                queue(peerAddress).add(message);
            }

            @Override
            public void close() {
                t.interrupt();
                try {
                    t.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    /** Like the JMS endpoint: what is waiting goes to the listener as one batch, taken or left whole. */
    private void deliver(BlockingDeque<Message> q, Listener listener) {
        while (running && !Thread.currentThread().isInterrupted()) {
            Message first;
            try {
                first = q.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                continue;
            }
            List<Message> batch = new ArrayList<>();
            batch.add(first);
            q.drainTo(batch, 49);
            for (int attempt = 0; ; attempt++) {
                try {
                    listener.onMessages(batch);
                    break;
                } catch (Exception e) {
                    if (attempt > 100) {
                        throw new IllegalStateException("messages never processed", e);
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException ie) {
                        for (int i = batch.size() - 1; i >= 0; i--) {
                            q.addFirst(batch.get(i)); // not processed: back to the queue, in order
                        }
                        return;
                    }
                }
            }
        }
    }

    void shutdown() {
        running = false;
    }
}
