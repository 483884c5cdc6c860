package org.jinku.transport.jms.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.activemq.broker.BrokerService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jinku.api.spi.PeerTransport.Endpoint;
import org.jinku.api.spi.PeerTransport.Message;

/** Against a real embedded ActiveMQ broker with KahaDB on disk. */
class JmsPeerTransportTest {

    @TempDir
    Path dir;

    private static JmsPeerTransport transport(String broker) {
        JmsPeerTransport t = new JmsPeerTransport();
        t.configure("vm://" + broker + "?create=false&waitForStart=10000", "", "");
        return t;
    }

    private static Message msg(String id, String text) {
        return new Message("VOUCHER", "finance", id, Map.of("vtCode", "5201"), text.getBytes());
    }

    @Test
    void messageTravelsWithHeadersAndFailedDeliveryIsRetried() throws Exception {
        BrokerService broker = EmbeddedBroker.start("t1", dir.toString(), "", 100);
        JmsPeerTransport t = transport("t1");
        try {
            BlockingQueue<Message> got = new LinkedBlockingQueue<>();
            AtomicInteger attempts = new AtomicInteger();
            Endpoint bank = t.open("bank", m -> {
                if (attempts.incrementAndGet() == 1) {
                    throw new IllegalStateException("database briefly down");
                }
                got.add(m);
            });
            Endpoint finance = t.open("finance", m -> { });
            finance.sendBatch(List.of(Map.entry("bank", msg("k1", "<MOF/>"))));
            Message m = got.poll(20, TimeUnit.SECONDS);
            assertNotNull(m, "message not delivered after a failed first attempt");
            assertEquals(2, attempts.get());
            assertEquals("VOUCHER", m.type());
            assertEquals("finance", m.from());
            assertEquals("k1", m.messageId());
            assertEquals("5201", m.header("vtCode"));
            assertArrayEquals("<MOF/>".getBytes(), m.body());
            bank.close();
            finance.close();
        } finally {
            t.deactivate();
            broker.stop();
            broker.waitUntilStopped();
        }
    }

    @Test
    void acknowledgedSendSurvivesABrokerRestart() throws Exception {
        BrokerService broker = EmbeddedBroker.start("t2", dir.toString(), "", 100);
        JmsPeerTransport t = transport("t2");
        Endpoint finance = t.open("finance", m -> { });
        finance.send("bank", msg("k2", "persisted"));
        t.deactivate();
        broker.stop();
        broker.waitUntilStopped();

        broker = EmbeddedBroker.start("t2", dir.toString(), "", 100);
        JmsPeerTransport t2 = transport("t2");
        try {
            BlockingQueue<Message> got = new LinkedBlockingQueue<>();
            t2.open("bank", got::add);
            Message m = got.poll(20, TimeUnit.SECONDS);
            assertNotNull(m, "persistent message lost across broker restart");
            assertEquals("k2", m.messageId());
        } finally {
            t2.deactivate();
            broker.stop();
            broker.waitUntilStopped();
        }
    }
}
