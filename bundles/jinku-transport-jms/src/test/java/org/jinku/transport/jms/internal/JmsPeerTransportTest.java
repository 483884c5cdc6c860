package org.jinku.transport.jms.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.broker.BrokerService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jinku.api.ParkedMessage;
import org.jinku.api.spi.PeerTransport;
import org.jinku.api.spi.PeerTransport.Endpoint;
import org.jinku.api.spi.PeerTransport.Message;

/** Against a real embedded ActiveMQ broker with KahaDB on disk, secured as on the box. */
class JmsPeerTransportTest {

    /** finance and bank write to each other, as in etc/jinku.broker.cfg; mallory may write to bank only. */
    private static final EmbeddedBroker.Security SECURITY = EmbeddedBroker.Security.parse(Map.of(
            "user.finance", "f-pw", "user.bank", "b-pw", "user.mallory", "m-pw",
            "write.finance", "bank", "write.bank", "finance", "write.mallory", "bank"));
    /** Short back-off so a message reaches its deliveries quickly. */
    private static final JmsPeerTransport.Limits FAST = new JmsPeerTransport.Limits(3, 8L * 1024 * 1024,
            1024 * 1024, 10, 50);

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private BrokerService broker;

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        if (broker != null) {
            broker.stop();
            broker.waitUntilStopped();
        }
    }

    private void startBroker(String name) throws Exception {
        broker = EmbeddedBroker.start(name, dir.toString(), "", 100, SECURITY);
    }

    private JmsPeerTransport transport(String broker, JmsPeerTransport.Limits limits) {
        JmsPeerTransport t = new JmsPeerTransport();
        t.configure("vm://" + broker + "?create=false&waitForStart=10000", "", "", limits);
        toClose.add(t::deactivate);
        return t;
    }

    /** A plain JMS client, as a hostile or careless program on the box would use. */
    private Connection client(String broker, String user, String password) throws Exception {
        ActiveMQConnectionFactory f = new ActiveMQConnectionFactory("vm://" + broker + "?create=false");
        f.setAlwaysSyncSend(true);
        f.setWatchTopicAdvisories(false);
        Connection c = user == null ? f.createConnection() : f.createConnection(user, password);
        toClose.add(c);
        c.start();
        return c;
    }

    private static Message msg(String id, String text) {
        // the jinkuFrom written here ("someone-else") must never be what the receiver reports
        return new Message("VOUCHER", "someone-else", id, Map.of("vtCode", "5201"), text.getBytes());
    }

    @Test
    void messageTravelsWithHeadersFromTheAuthenticatedSenderAndFailedDeliveryIsRetried() throws Exception {
        startBroker("t1");
        JmsPeerTransport t = transport("t1", FAST);
        BlockingQueue<Message> got = new LinkedBlockingQueue<>();
        AtomicInteger attempts = new AtomicInteger();
        t.open("bank", "bank", "b-pw", m -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("database briefly down");
            }
            got.add(m);
        });
        Endpoint finance = t.open("finance", "finance", "f-pw", m -> { });
        finance.sendBatch(List.of(Map.entry("bank", msg("k1", "<MOF/>"))));
        Message m = got.poll(20, TimeUnit.SECONDS);
        assertNotNull(m, "message not delivered after a failed first attempt");
        assertEquals(2, attempts.get());
        assertEquals("VOUCHER", m.type());
        assertEquals("finance", m.from(), "the broker-stamped login, not the jinkuFrom property");
        assertEquals("k1", m.messageId());
        assertEquals("5201", m.header("vtCode"));
        assertArrayEquals("<MOF/>".getBytes(), m.body());
    }

    @Test
    void acknowledgedSendSurvivesABrokerRestart() throws Exception {
        startBroker("t2");
        JmsPeerTransport t = transport("t2", FAST);
        Endpoint finance = t.open("finance", "finance", "f-pw", m -> { });
        finance.send("bank", msg("k2", "persisted"));
        t.deactivate();
        broker.stop();
        broker.waitUntilStopped();

        startBroker("t2");
        JmsPeerTransport t2 = transport("t2", FAST);
        BlockingQueue<Message> got = new LinkedBlockingQueue<>();
        t2.open("bank", "bank", "b-pw", got::add);
        Message m = got.poll(20, TimeUnit.SECONDS);
        assertNotNull(m, "persistent message lost across broker restart");
        assertEquals("k2", m.messageId());
        assertEquals("finance", m.from());
    }

    @Test
    void whatIsNotAJinkuMessageArrivesAsInvalidWithItsReasonAndHoldsNothingUp() throws Exception {
        startBroker("t3");
        JmsPeerTransport t = transport("t3", FAST);
        BlockingQueue<Message> got = new LinkedBlockingQueue<>();
        t.open("bank", "bank", "b-pw", got::add);

        Connection c = client("t3", "mallory", "m-pw");
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(s.createQueue("jinku.node.bank"));
        BytesMessage mapType = s.createBytesMessage();
        mapType.setObjectProperty("jinkuType", Map.of("a", "b"));
        mapType.setJMSCorrelationID("map-type");
        p.send(mapType);
        jakarta.jms.TextMessage text = s.createTextMessage("<MOF/>");
        text.setStringProperty("jinkuType", "VOUCHER");
        text.setJMSCorrelationID("text");
        p.send(text);
        BytesMessage noType = s.createBytesMessage();
        noType.setJMSCorrelationID("no-type");
        p.send(noType);
        BytesMessage intHeader = s.createBytesMessage();
        intHeader.setStringProperty("jinkuType", "VOUCHER");
        intHeader.setIntProperty("h_vtCode", 5201);
        intHeader.setJMSCorrelationID("int-header");
        p.send(intHeader);
        BytesMessage spoofed = s.createBytesMessage();
        spoofed.writeBytes("<MOF/>".getBytes());
        spoofed.setStringProperty("jinkuType", "VOUCHER");
        spoofed.setStringProperty("jinkuFrom", "finance");
        spoofed.setStringProperty("JMSXUserID", "finance");
        spoofed.setStringProperty("jinkuRetryFrom", "finance");
        spoofed.setJMSCorrelationID("spoofed");
        p.send(spoofed);

        Map<String, Message> byId = new ConcurrentHashMap<>();
        for (int i = 0; i < 5; i++) {
            Message m = got.poll(20, TimeUnit.SECONDS);
            assertNotNull(m, "only " + i + " of 5 messages arrived: " + byId.keySet());
            byId.put(m.messageId(), m);
        }
        assertInvalid(byId.get("map-type"), "jinkuType is not a short string");
        assertInvalid(byId.get("text"), "not a bytes message");
        assertInvalid(byId.get("no-type"), "no jinkuType");
        assertInvalid(byId.get("int-header"), "h_vtCode is not a string");
        Message spoof = byId.get("spoofed");
        assertEquals("VOUCHER", spoof.type());
        assertEquals("mallory", spoof.from(), "neither jinkuFrom, JMSXUserID nor jinkuRetryFrom set by a client count");
    }

    private static void assertInvalid(Message m, String reasonPart) {
        assertNotNull(m);
        assertEquals(PeerTransport.INVALID, m.type());
        assertEquals("mallory", m.from());
        assertTrue(m.header("invalid").contains(reasonPart), m.header("invalid"));
        assertEquals(0, m.body().length);
    }

    @Test
    void anOversizedBodyIsInvalidUnread() throws Exception {
        startBroker("t4");
        JmsPeerTransport t = transport("t4", new JmsPeerTransport.Limits(3, 1000, 100, 10, 50));
        BlockingQueue<Message> got = new LinkedBlockingQueue<>();
        t.open("bank", "bank", "b-pw", got::add);
        t.open("finance", "finance", "f-pw", m -> { }).send("bank", msg("big", "x".repeat(101)));
        Message m = got.poll(20, TimeUnit.SECONDS);
        assertNotNull(m);
        assertEquals(PeerTransport.INVALID, m.type());
        assertTrue(m.header("invalid").contains("exceeds 100"), m.header("invalid"));
        assertEquals("big", m.messageId());
    }

    @Test
    void batchesAreBoundedByBytes() throws Exception {
        startBroker("t5");
        JmsPeerTransport t = transport("t5", new JmsPeerTransport.Limits(3, 10, 1000, 10, 50));
        Endpoint finance = t.open("finance", "finance", "f-pw", m -> { });
        List<Map.Entry<String, Message>> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(Map.entry("bank", msg("b" + i, "12345678")));
        }
        finance.sendBatch(five);
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        AtomicInteger total = new AtomicInteger();
        t.open("bank", "bank", "b-pw", new PeerTransport.Listener() {
            @Override
            public void onMessage(Message message) {
            }

            @Override
            public void onMessages(List<Message> messages) {
                sizes.add(messages.size());
                total.addAndGet(messages.size());
            }
        });
        await(() -> total.get() == 5);
        assertTrue(sizes.stream().allMatch(n -> n <= 2), "8-byte bodies, 10-byte batches: " + sizes);
    }

    @Test
    void aMessageThatKeepsFailingIsParkedAndTheOthersGetThrough() throws Exception {
        startBroker("t6");
        JmsPeerTransport t = transport("t6", FAST);
        Set<String> done = ConcurrentHashMap.newKeySet();
        List<Message> received = new CopyOnWriteArrayList<>();
        AtomicBoolean poisonFails = new AtomicBoolean(true);
        Endpoint bank = t.open("bank", "bank", "b-pw", m -> {
            if (m.messageId().startsWith("bad") && poisonFails.get()) {
                throw new IllegalStateException("cannot digest " + m.messageId());
            }
            done.add(m.messageId());
            received.add(m);
        });
        Endpoint finance = t.open("finance", "finance", "f-pw", m -> { });
        finance.sendBatch(List.of(Map.entry("bank", msg("ok1", "1")), Map.entry("bank", msg("bad1", "poison")),
                Map.entry("bank", msg("ok2", "2")), Map.entry("bank", msg("ok3", "3"))));

        await(() -> done.containsAll(Set.of("ok1", "ok2", "ok3")) && bank.parked(10).size() == 1);
        ParkedMessage p = bank.parked(10).get(0);
        assertEquals("bad1", p.messageId());
        assertEquals("VOUCHER", p.type());
        assertEquals("finance", p.from());
        assertEquals(FAST.maxDeliveries(), p.deliveries());
        assertTrue(p.reason().contains("cannot digest bad1"), p.reason());
        assertEquals(6, p.bytes());
        assertNotNull(p.parkedAt());
        assertFalse(done.contains("bad1"));

        // the operator fixes the cause and retries: it arrives as finance sent it
        poisonFails.set(false);
        assertTrue(bank.retryParked(p.id()));
        await(() -> done.contains("bad1"));
        Message retried = received.stream().filter(m -> m.messageId().equals("bad1")).findFirst().orElseThrow();
        assertEquals("finance", retried.from(), "a retried message keeps its original, authenticated sender");
        assertEquals("5201", retried.header("vtCode"));
        assertArrayEquals("poison".getBytes(), retried.body());
        assertTrue(bank.parked(10).isEmpty());
        assertFalse(bank.retryParked(p.id()), "gone once retried");

        // another one is discarded
        poisonFails.set(true);
        finance.send("bank", msg("bad2", "poison"));
        await(() -> bank.parked(10).size() == 1);
        String id = bank.parked(10).get(0).id();
        assertFalse(bank.discardParked("ID:no-such-message").isPresent());
        assertFalse(bank.discardParked("x' OR '1'='1").isPresent());
        assertEquals(id, bank.discardParked(id).orElseThrow().id());
        assertTrue(bank.parked(10).isEmpty());
        assertFalse(done.contains("bad2"));
    }

    @Test
    void anonymousAndWrongPasswordAreRefusedAtConnect() throws Exception {
        startBroker("t7");
        JmsPeerTransport t = transport("t7", FAST);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.open("bank", m -> { }));
        // The refusal may surface as the security exception itself or, when the broker closed the connection
        // first, as "Disposed due to prior exception" with it as a cause.
        // If the cause is lost in that race, a second attempt (refused too) names it.
        assertTrue(refusedLogin(e) || refusedLogin(assertThrows(IllegalStateException.class,
                () -> t.open("bank", m -> { }))), e.toString());
        assertThrows(IllegalStateException.class, () -> t.open("bank", "bank", "wrong", m -> { }));
        // a bare client is refused too; the same race may hand it "Disposed due to prior exception" instead
        // (the broker closing the vm:// pipe first), so a few attempts must name the refusal at least once
        boolean named = false;
        String seen = "";
        for (int i = 0; i < 5 && !named; i++) {
            jakarta.jms.JMSException bare = assertThrows(jakarta.jms.JMSException.class,
                    () -> client("t7", null, null).createSession(false, Session.AUTO_ACKNOWLEDGE));
            named = refusedLogin(bare);
            seen = bare.toString();
        }
        assertTrue(named, seen);
        // with the appliance's reconnecting URL a refused login fails too, instead of reconnecting for ever
        JmsPeerTransport failover = new JmsPeerTransport();
        failover.configure("failover:(vm://t7?create=false)?maxReconnectDelay=500", "", "", FAST);
        toClose.add(failover::deactivate);
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> assertThrows(IllegalStateException.class, () -> failover.open("bank", "bank", "wrong", m -> { })));
    }

    private static boolean refusedLogin(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof JMSSecurityException || c instanceof SecurityException) {
                return true;
            }
            if (c instanceof jakarta.jms.JMSException j && j.getLinkedException() != null
                    && refusedLogin(j.getLinkedException())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aNodeWritesOnlyToItsPeersAndReadsOnlyItsOwnQueues() throws Exception {
        startBroker("t8");
        Connection bank = client("t8", "bank", "b-pw");
        Session s = bank.createSession(false, Session.AUTO_ACKNOWLEDGE);
        // allowed: its peer, its own queue (retry puts parked messages back there), its parked queue
        s.createProducer(s.createQueue("jinku.node.finance")).send(s.createBytesMessage());
        s.createConsumer(s.createQueue("jinku.node.bank")).close();
        s.createConsumer(s.createQueue("jinku.parked.bank")).close();
        // refused
        MessageProducer any = s.createProducer(null);
        for (String q : List.of("jinku.node.mallory", "jinku.node.pboc", "jinku.parked.finance", "ActiveMQ.DLQ")) {
            assertThrows(JMSSecurityException.class, () -> any.send(s.createQueue(q), s.createBytesMessage()), q);
        }
        for (String q : List.of("jinku.node.finance", "jinku.parked.finance", "jinku.node.mallory")) {
            assertThrows(JMSSecurityException.class, () -> s.createConsumer(s.createQueue(q)), q);
        }
        assertThrows(JMSSecurityException.class, () -> s.createConsumer(s.createTopic("jinku.node.finance")));

        // through the transport: a send to a queue it may not write fails, and the endpoint keeps working
        JmsPeerTransport t = transport("t8", FAST);
        Endpoint e = t.open("bank", "bank", "b-pw", m -> { });
        IllegalStateException ex = assertThrows(IllegalStateException.class, () -> e.send("pboc", msg("x", "x")));
        assertTrue(ex.getMessage().contains("not authorized"), ex.getMessage());
        e.send("finance", msg("y", "y"));
        // and the node cannot open another node's endpoint with its own login
        assertThrows(IllegalStateException.class, () -> t.open("finance", "bank", "b-pw", m -> { }));
    }

    @Test
    void brokerConfigurationIsParsedAndChecked() {
        EmbeddedBroker.Security s = EmbeddedBroker.Security.parse(Map.of("user.finance", "a", "user.bank", "b",
                "write.finance", " bank , pboc ", "connectors", "tcp://x", "service.pid", "jinku.broker"));
        assertEquals(Set.of("finance", "bank"), s.passwords().keySet());
        assertEquals(Set.of("bank", "pboc"), s.writes().get("finance"));
        assertEquals(Set.of("finance"), s.writers("pboc"));
        assertNull(s.writes().get("bank"));
        assertThrows(IllegalArgumentException.class, () -> EmbeddedBroker.Security.parse(Map.of("user.a*", "x")));
        assertThrows(IllegalArgumentException.class, () -> EmbeddedBroker.Security.parse(Map.of("user.a", "")));
        assertThrows(IllegalArgumentException.class, () -> EmbeddedBroker.Security.parse(Map.of("write.a", "b")));
        assertThrows(IllegalArgumentException.class,
                () -> EmbeddedBroker.Security.parse(Map.of("user.a", "x", "write.a", "b.>")));
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(50);
        }
    }
}
