package org.jinku.core.internal;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jinku.api.spi.PeerTransport;

/**
 * An in-JVM transport for engine tests: one queue and one delivery thread per address, redelivery
 * while the listener throws — the contract of the JMS transport, which has its own tests against a
 * real broker (and the Pax Exam tests run the engine on it).
 */
final class LoopbackTransport implements PeerTransport {

    private final Map<String, BlockingQueue<Message>> queues = new ConcurrentHashMap<>();
    private final Map<String, Thread> threads = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    private BlockingQueue<Message> queue(String address) {
        return queues.computeIfAbsent(address, a -> new LinkedBlockingQueue<>());
    }

    @Override
    public String id() {
        return "loopback";
    }

    @Override
    public Endpoint open(String address, Listener listener) {
        BlockingQueue<Message> q = queue(address);
        Thread t = new Thread(() -> {
            while (running) {
                try {
                    Message m = q.poll(100, TimeUnit.MILLISECONDS);
                    if (m == null) {
                        continue;
                    }
                    for (int attempt = 0; running; attempt++) {
                        try {
                            listener.onMessage(m);
                            break;
                        } catch (Exception e) {
                            if (attempt > 50) {
                                throw new IllegalStateException("message never processed", e);
                            }
                            Thread.sleep(50);
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "loopback-" + address);
        t.setDaemon(true);
        t.start();
        threads.put(address, t);
        return new Endpoint() {
            @Override
            public void send(String peerAddress, Message message) {
                queue(peerAddress).add(message);
            }

            @Override
            public void close() {
                t.interrupt();
            }
        };
    }

    void shutdown() {
        running = false;
        threads.values().forEach(Thread::interrupt);
    }
}
