package org.jinku.transport.jms.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.RedeliveryPolicy;
import org.apache.activemq.command.ActiveMQMessage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jinku.api.ParkedMessage;
import org.jinku.api.spi.PeerTransport;

/**
 * Peer messages over ActiveMQ: one persistent queue per node ({@code jinku.node.<address>}). Receiving
 * is transacted: a message is removed from the queue only after the listener returned, i.e. after the
 * node committed what it did with it; a listener that throws gets it again with bounded back-off.
 *
 * <p>No message can stop a node: a JMS message that is not a Jinku message reaches the listener as type
 * {@link PeerTransport#INVALID}; after a batch failed its messages are taken one per transaction, so the
 * failing one is found; a message that failed alone {@code max.deliveries} times is moved to
 * {@code jinku.parked.<address>} for an operator to retry or discard.
 *
 * <p>The sender ({@link Message#from()}) is the broker-stamped {@code JMSXUserID} (the authenticated
 * login); the client-written {@code jinkuFrom} property is used only when the broker does not stamp it
 * (an external broker without {@code populateJMSXUserID}).
 */
@Component(service = PeerTransport.class, configurationPid = "jinku.transport.jms",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = PeerTransport.SERVICE_PROPERTY + "=jms")
@Designate(ocd = JmsPeerTransport.Config.class)
public class JmsPeerTransport implements PeerTransport {

    @ObjectClassDefinition(name = "Jinku JMS peer transport")
    public @interface Config {
        @AttributeDefinition(description = "Broker URL; the default waits for the embedded broker and reconnects")
        String broker_url() default "failover:(vm://jinku?create=false&waitForStart=60000)?maxReconnectDelay=5000";

        @AttributeDefinition(description = "Login used when a node names none")
        String user() default "";

        @AttributeDefinition(type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
        String password() default "";

        @AttributeDefinition(description = "Deliveries of a message that fails alone before it is parked")
        int maxDeliveries() default Limits.DEFAULT_MAX_DELIVERIES;

        @AttributeDefinition(description = "Most bytes of message bodies handed to a node at once")
        long maxBatchBytes() default Limits.DEFAULT_MAX_BATCH_BYTES;

        @AttributeDefinition(description = "Larger bodies are handed on as INVALID, unread")
        long maxMessageBytes() default Limits.DEFAULT_MAX_MESSAGE_BYTES;

        @AttributeDefinition(description = "First redelivery delay after a failure, ms (doubles each time)")
        long redeliveryDelayMs() default Limits.DEFAULT_REDELIVERY_DELAY_MS;

        @AttributeDefinition(description = "Longest redelivery delay, ms")
        long maxRedeliveryDelayMs() default Limits.DEFAULT_MAX_REDELIVERY_DELAY_MS;
    }

    /** Receive limits; see {@link Config}. */
    record Limits(int maxDeliveries, long maxBatchBytes, long maxMessageBytes, long redeliveryDelayMs,
                  long maxRedeliveryDelayMs) {
        static final int DEFAULT_MAX_DELIVERIES = 6;
        static final long DEFAULT_MAX_BATCH_BYTES = 8L * 1024 * 1024;
        /** As the catalogue's envelope limit: a larger envelope would be refused anyway. */
        static final long DEFAULT_MAX_MESSAGE_BYTES = 16L * 1024 * 1024;
        static final long DEFAULT_REDELIVERY_DELAY_MS = 1000;
        static final long DEFAULT_MAX_REDELIVERY_DELAY_MS = 30_000;
        static final Limits DEFAULT = new Limits(DEFAULT_MAX_DELIVERIES, DEFAULT_MAX_BATCH_BYTES,
                DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_REDELIVERY_DELAY_MS, DEFAULT_MAX_REDELIVERY_DELAY_MS);

        Limits {
            maxDeliveries = Math.max(1, maxDeliveries);
            maxBatchBytes = Math.max(1, maxBatchBytes);
            maxMessageBytes = Math.min(Math.max(1, maxMessageBytes), Integer.MAX_VALUE - 16);
            redeliveryDelayMs = Math.max(0, redeliveryDelayMs);
            maxRedeliveryDelayMs = Math.max(redeliveryDelayMs, maxRedeliveryDelayMs);
        }
    }

    static final String QUEUE_PREFIX = "jinku.node.";
    static final String PARKED_PREFIX = "jinku.parked.";
    /** Most messages handed to a listener at once. */
    static final int BATCH = 100;
    static final String P_TYPE = "jinkuType";
    /** What the sender says it is; trusted only when the broker stamps no JMSXUserID. */
    static final String P_FROM = "jinkuFrom";
    static final String P_HEADER = "h_";
    /** On a retried parked message: its original sender (trusted only when the node itself sent it). */
    static final String P_RETRY_FROM = "jinkuRetryFrom";
    static final String P_PARKED_FROM = "jinkuParkedFrom";
    static final String P_PARKED_REASON = "jinkuParkedReason";
    static final String P_PARKED_DELIVERIES = "jinkuParkedDeliveries";
    static final String P_PARKED_AT = "jinkuParkedAt";
    static final String JMSX_USER_ID = "JMSXUserID";
    /** Header of an INVALID message saying why. */
    static final String H_INVALID = "invalid";
    private static final int MAX_REASON = 1000;
    private static final int MAX_ID = 256;
    private static final Pattern JMS_ID = Pattern.compile("[A-Za-z0-9:._-]{1,200}");
    private static final Logger LOG = LoggerFactory.getLogger(JmsPeerTransport.class);

    private ActiveMQConnectionFactory factory;
    private String user;
    private String password;
    private Limits limits = Limits.DEFAULT;
    private final List<JmsEndpoint> endpoints = new ArrayList<>();

    @Activate
    void activate(Config config) {
        configure(config.broker_url(), config.user(), config.password(), new Limits(config.maxDeliveries(),
                config.maxBatchBytes(), config.maxMessageBytes(), config.redeliveryDelayMs(),
                config.maxRedeliveryDelayMs()));
    }

    void configure(String url, String user, String password) {
        configure(url, user, password, Limits.DEFAULT);
    }

    void configure(String url, String user, String password, Limits limits) {
        this.user = user;
        this.password = password;
        this.limits = limits;
        factory = new ActiveMQConnectionFactory(url);
        RedeliveryPolicy redelivery = new RedeliveryPolicy();
        // Never dead-letter: a message that keeps failing is parked by us (see receiveLoop), where an
        // operator sees it, instead of the broker's DLQ.
        redelivery.setMaximumRedeliveries(RedeliveryPolicy.NO_MAXIMUM_REDELIVERIES);
        redelivery.setInitialRedeliveryDelay(limits.redeliveryDelayMs());
        redelivery.setRedeliveryDelay(limits.redeliveryDelayMs());
        redelivery.setUseExponentialBackOff(true);
        redelivery.setBackOffMultiplier(2);
        redelivery.setMaximumRedeliveryDelay(limits.maxRedeliveryDelayMs());
        factory.setRedeliveryPolicy(redelivery);
        factory.setNonBlockingRedelivery(false);
        // A refused send (not allowed to write there) must fail that send, not arrive later as an
        // asynchronous error on the connection.
        factory.setAlwaysSyncSend(true);
        // Advisories are off at the embedded broker, and a node user may not read advisory topics.
        factory.setWatchTopicAdvisories(false);
    }

    @Deactivate
    void deactivate() {
        List<JmsEndpoint> open;
        synchronized (endpoints) {
            open = new ArrayList<>(endpoints);
        }
        open.forEach(JmsEndpoint::close);
    }

    @Override
    public String id() {
        return "jms";
    }

    @Override
    public Endpoint open(String address, String user, String password, Listener listener) {
        String login = user == null ? this.user : user;
        String secret = user == null ? this.password : password;
        try {
            JmsEndpoint e = new JmsEndpoint(address, login == null ? "" : login, secret, listener);
            synchronized (endpoints) {
                endpoints.add(e);
            }
            return e;
        } catch (JMSException ex) {
            throw new IllegalStateException("cannot open JMS endpoint " + address
                    + (login == null || login.isEmpty() ? " (no login)" : " as " + login) + ": " + ex.getMessage(), ex);
        }
    }

    private final class JmsEndpoint implements Endpoint {
        private final String address;
        private final String login;
        private final Connection connection;
        private final Session sendSession;
        private final MessageProducer producer;
        private volatile boolean open = true;
        private Thread receiver;

        JmsEndpoint(String address, String login, String secret, Listener listener) throws JMSException {
            this.address = address;
            this.login = login;
            connection = login.isEmpty() ? factory.createConnection() : factory.createConnection(login, secret);
            try {
                connection.setClientID("jinku-" + address + "-" + System.nanoTime());
                sendSession = connection.createSession(true, Session.SESSION_TRANSACTED);
                producer = sendSession.createProducer(null);
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                if (listener == null) {
                    return; // send-only: no consumer, so it never takes the node's own messages
                }
                Session receive = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = receive.createConsumer(receive.createQueue(QUEUE_PREFIX + address));
                MessageProducer parker = receive.createProducer(receive.createQueue(PARKED_PREFIX + address));
                parker.setDeliveryMode(DeliveryMode.PERSISTENT);
                connection.start();
                receiver = new Thread(() -> receiveLoop(receive, consumer, parker, listener), "jinku-receive-" + address);
                receiver.setDaemon(true);
                receiver.start();
            } catch (JMSException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }

        /**
         * Takes what is waiting (up to BATCH messages and about maxBatchBytes) and hands it to the listener
         * at once, so a node can commit many in one transaction; the broker transaction commits after the
         * listener returned. After a batch failed, its messages are taken one per transaction, so only
         * the one that fails is retried and, failing alone often enough, parked.
         */
        private void receiveLoop(Session session, MessageConsumer consumer, MessageProducer parker, Listener listener) {
            int isolate = 0;
            while (open) {
                List<jakarta.jms.Message> batch = new ArrayList<>();
                List<Message> messages = new ArrayList<>();
                try {
                    jakarta.jms.Message first = consumer.receive(1000);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    long bytes = size(first);
                    int most = isolate > 0 ? 1 : BATCH;
                    jakarta.jms.Message next;
                    while (batch.size() < most && bytes < limits.maxBatchBytes() && (next = consumer.receiveNoWait()) != null) {
                        batch.add(next);
                        bytes += size(next);
                    }
                    for (jakarta.jms.Message m : batch) {
                        messages.add(toPeerMessage(m));
                    }
                } catch (JMSException | RuntimeException e) {
                    if (!open) {
                        return;
                    }
                    LOG.warn("endpoint {}: receive failed: {}", address, e.toString());
                    rollback(session);
                    sleepQuietly();
                    continue;
                }
                Throwable failure = null;
                try {
                    listener.onMessages(messages);
                } catch (Exception | Error e) {
                    failure = e;
                }
                if (!open) {
                    rollback(session);
                    return;
                }
                try {
                    if (failure == null) {
                        session.commit();
                        isolate = Math.max(0, isolate - batch.size());
                    } else if (batch.size() == 1 && deliveries(batch.get(0)) >= limits.maxDeliveries()) {
                        park(session, parker, batch.get(0), messages.get(0), failure);
                        isolate = Math.max(0, isolate - 1);
                    } else {
                        LOG.warn("endpoint {}: {} message(s) left for redelivery: {}", address, batch.size(),
                                failure.toString());
                        session.rollback();
                        if (batch.size() > 1) {
                            isolate = batch.size();
                        }
                    }
                } catch (JMSException | RuntimeException e) {
                    // Whatever failed, the messages stay on the queue and this thread keeps receiving.
                    if (!open) {
                        return;
                    }
                    LOG.warn("endpoint {}: {} message(s) left for redelivery: {}", address, batch.size(), e.toString());
                    rollback(session);
                    sleepQuietly();
                }
            }
        }

        /** Moves the message, as read, to the parked queue in the same transaction that consumes it. */
        private void park(Session session, MessageProducer parker, jakarta.jms.Message original, Message m,
                          Throwable failure) throws JMSException {
            int deliveries = deliveries(original);
            BytesMessage p = session.createBytesMessage();
            write(p, m);
            p.setStringProperty(P_PARKED_FROM, m.from());
            p.setStringProperty(P_PARKED_REASON, bounded(String.valueOf(failure)));
            p.setIntProperty(P_PARKED_DELIVERIES, deliveries);
            p.setLongProperty(P_PARKED_AT, System.currentTimeMillis());
            parker.send(p);
            session.commit();
            LOG.error("endpoint {}: message {} ({} from {}) failed {} times and was parked in {}: {}", address,
                    m.messageId(), m.type(), m.from(), deliveries, PARKED_PREFIX + address, failure.toString());
        }

        private void rollback(Session session) {
            try {
                session.rollback();
            } catch (JMSException | RuntimeException re) {
                LOG.debug("endpoint {}: rollback failed", address, re);
            }
        }

        /** The sender: the broker-stamped login, never what the client wrote, when the broker stamps one. */
        private String sender(jakarta.jms.Message m) {
            String uid = stringProperty(m, JMSX_USER_ID);
            if (uid != null && !uid.isEmpty()) {
                // Only this node can write its own queue as itself: that is a parked message it retried.
                String retried = uid.equals(login) ? stringProperty(m, P_RETRY_FROM) : null;
                return retried != null ? retried : uid;
            }
            String retried = stringProperty(m, P_RETRY_FROM);
            return retried != null ? retried : stringProperty(m, P_FROM);
        }

        /** Never throws: anything that is not a Jinku message becomes an INVALID message saying why. */
        Message toPeerMessage(jakarta.jms.Message m) {
            String from = sender(m);
            String messageId = null;
            try {
                messageId = m.getJMSCorrelationID();
                if (messageId != null && messageId.length() > MAX_ID) {
                    return invalid(from, messageId.substring(0, MAX_ID), "message id longer than " + MAX_ID);
                }
                Object type = m.getObjectProperty(P_TYPE);
                if (type == null) {
                    return invalid(from, messageId, "no " + P_TYPE + " property");
                }
                if (!(type instanceof String t) || t.isBlank() || t.length() > 64) {
                    return invalid(from, messageId, P_TYPE + " is not a short string but " + describe(type));
                }
                if (!(m instanceof BytesMessage bytes)) {
                    return invalid(from, messageId, "not a bytes message but " + m.getClass().getSimpleName());
                }
                long length = bytes.getBodyLength();
                if (length > limits.maxMessageBytes()) {
                    return invalid(from, messageId, "body of " + length + " bytes exceeds " + limits.maxMessageBytes());
                }
                Map<String, String> headers = new HashMap<>();
                for (Enumeration<?> names = m.getPropertyNames(); names.hasMoreElements(); ) {
                    String n = String.valueOf(names.nextElement());
                    if (n.startsWith(P_HEADER)) {
                        Object v = m.getObjectProperty(n);
                        if (!(v instanceof String s)) {
                            return invalid(from, messageId, "property " + bounded(n) + " is not a string but " + describe(v));
                        }
                        headers.put(n.substring(P_HEADER.length()), s);
                    }
                }
                byte[] body = new byte[(int) length];
                bytes.reset();
                bytes.readBytes(body);
                return new Message(t, from, messageId, headers, body);
            } catch (Exception | LinkageError e) {
                return invalid(from, messageId, "unreadable: " + e);
            }
        }

        @Override
        public void send(String peerAddress, Message message) {
            sendBatch(List.of(Map.entry(peerAddress, message)));
        }

        /** Sends all in one broker transaction: one disk sync for the batch, all or none. */
        @Override
        public synchronized void sendBatch(List<Map.Entry<String, Message>> messages) {
            try {
                for (Map.Entry<String, Message> e : messages) {
                    BytesMessage jms = sendSession.createBytesMessage();
                    write(jms, e.getValue());
                    producer.send(sendSession.createQueue(QUEUE_PREFIX + e.getKey()), jms);
                }
                sendSession.commit();
            } catch (JMSException ex) {
                try {
                    sendSession.rollback();
                } catch (JMSException ignored) {
                    // the connection is gone; the caller retries from its outbox
                }
                throw new IllegalStateException("send from " + address + " failed: " + ex.getMessage(), ex);
            }
        }

        @Override
        public List<ParkedMessage> parked(int limit) {
            List<ParkedMessage> out = new ArrayList<>();
            try (Session s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                 QueueBrowser browser = s.createBrowser(s.createQueue(PARKED_PREFIX + address))) {
                Enumeration<?> e = browser.getEnumeration();
                while (out.size() < limit && e.hasMoreElements()) {
                    out.add(parkedView((jakarta.jms.Message) e.nextElement()));
                }
            } catch (JMSException ex) {
                throw new IllegalStateException("cannot list parked messages of " + address + ": " + ex.getMessage(), ex);
            }
            return out;
        }

        @Override
        public boolean retryParked(String id) {
            return takeParked(id, (s, m) -> {
                // A fresh message at the end of our own queue, as the original sender sent it.
                BytesMessage fresh = s.createBytesMessage();
                copyBody(m, fresh);
                for (Enumeration<?> names = m.getPropertyNames(); names.hasMoreElements(); ) {
                    String n = String.valueOf(names.nextElement());
                    if (n.equals(P_TYPE) || n.equals(P_FROM) || n.startsWith(P_HEADER)) {
                        fresh.setObjectProperty(n, m.getObjectProperty(n));
                    }
                }
                fresh.setJMSCorrelationID(m.getJMSCorrelationID());
                String from = stringProperty(m, P_PARKED_FROM);
                if (from != null) {
                    fresh.setStringProperty(P_RETRY_FROM, from);
                }
                MessageProducer p = s.createProducer(s.createQueue(QUEUE_PREFIX + address));
                p.setDeliveryMode(DeliveryMode.PERSISTENT);
                p.send(fresh);
                LOG.info("endpoint {}: parked message {} put back in the queue", address, id);
            }).isPresent();
        }

        @Override
        public Optional<ParkedMessage> discardParked(String id) {
            return takeParked(id, (s, m) -> LOG.info("endpoint {}: parked message {} discarded", address, id));
        }

        /** Consumes the parked message with that JMS id, does {@code then} and commits both; empty if none. */
        private Optional<ParkedMessage> takeParked(String id, ParkedAction then) {
            if (id == null || !JMS_ID.matcher(id).matches()) {
                return Optional.empty(); // not an id we hand out; also keeps the selector free of quotes
            }
            String selector = "JMSMessageID = '" + id + "'";
            try (Session s = connection.createSession(true, Session.SESSION_TRANSACTED)) {
                Queue parked = s.createQueue(PARKED_PREFIX + address);
                // Browse first: a consumer would wait for a message that does not exist.
                try (QueueBrowser b = s.createBrowser(parked, selector)) {
                    if (!b.getEnumeration().hasMoreElements()) {
                        return Optional.empty();
                    }
                }
                try (MessageConsumer c = s.createConsumer(parked, selector)) {
                    jakarta.jms.Message m = c.receive(10_000);
                    if (m == null) {
                        s.rollback();
                        return Optional.empty();
                    }
                    ParkedMessage taken = parkedView(m);
                    then.apply(s, m);
                    s.commit();
                    return Optional.of(taken);
                }
            } catch (JMSException ex) {
                throw new IllegalStateException("parked message " + id + " of " + address + ": " + ex.getMessage(), ex);
            }
        }

        @Override
        public void close() {
            open = false;
            try {
                connection.close();
            } catch (JMSException e) {
                LOG.debug("closing endpoint {}", address, e);
            }
            if (receiver != null && receiver != Thread.currentThread()) {
                try {
                    receiver.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            synchronized (endpoints) {
                endpoints.remove(this);
            }
        }
    }

    @FunctionalInterface
    private interface ParkedAction {
        void apply(Session session, jakarta.jms.Message parked) throws JMSException;
    }

    private static void write(BytesMessage jms, Message m) throws JMSException {
        jms.writeBytes(m.body());
        jms.setStringProperty(P_TYPE, m.type());
        jms.setStringProperty(P_FROM, m.from());
        jms.setJMSCorrelationID(m.messageId());
        for (Map.Entry<String, String> h : m.headers().entrySet()) {
            jms.setStringProperty(P_HEADER + h.getKey(), h.getValue());
        }
    }

    private static void copyBody(jakarta.jms.Message from, BytesMessage to) throws JMSException {
        if (from instanceof BytesMessage b) {
            byte[] body = new byte[(int) b.getBodyLength()];
            b.reset();
            b.readBytes(body);
            to.writeBytes(body);
        }
    }

    private static ParkedMessage parkedView(jakarta.jms.Message m) throws JMSException {
        int bytes = 0;
        if (m instanceof BytesMessage b) {
            bytes = (int) Math.min(Integer.MAX_VALUE, b.getBodyLength());
        }
        Object at = m.getObjectProperty(P_PARKED_AT);
        Object deliveries = m.getObjectProperty(P_PARKED_DELIVERIES);
        return new ParkedMessage(m.getJMSMessageID(), stringProperty(m, P_TYPE), stringProperty(m, P_PARKED_FROM),
                m.getJMSCorrelationID(),
                Instant.ofEpochMilli(at instanceof Long l ? l : m.getJMSTimestamp()),
                deliveries instanceof Integer i ? i : 0, stringProperty(m, P_PARKED_REASON), bytes);
    }

    private static Message invalid(String from, String messageId, String reason) {
        return new Message(INVALID, from, messageId, Map.of(H_INVALID, bounded(reason)), new byte[0]);
    }

    /** A string property, or null when absent or not a string (never throws). */
    private static String stringProperty(jakarta.jms.Message m, String name) {
        try {
            Object v = m.getObjectProperty(name);
            return v instanceof String s ? s : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** How often the broker delivered it, this time included. */
    private static int deliveries(jakarta.jms.Message m) {
        if (m instanceof ActiveMQMessage a) {
            return a.getRedeliveryCounter() + 1;
        }
        try {
            return m.getIntProperty("JMSXDeliveryCount");
        } catch (Exception e) {
            return 1;
        }
    }

    private static long size(jakarta.jms.Message m) {
        try {
            if (m instanceof BytesMessage b) {
                return b.getBodyLength();
            }
            if (m instanceof ActiveMQMessage a) {
                return a.getSize();
            }
        } catch (Exception e) {
            // counted as empty; conversion reports the problem
        }
        return 0;
    }

    private static String describe(Object v) {
        return v == null ? "null" : v.getClass().getSimpleName();
    }

    private static String bounded(String s) {
        return s.length() <= MAX_REASON ? s : s.substring(0, MAX_REASON) + "…";
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
