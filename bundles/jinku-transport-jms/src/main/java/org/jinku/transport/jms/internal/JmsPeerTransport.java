package org.jinku.transport.jms.internal;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.RedeliveryPolicy;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jinku.api.spi.PeerTransport;

/**
 * Peer messages over ActiveMQ: one persistent queue per node ({@code jinku.node.<address>}). Receiving
 * is transacted: a message is removed from the queue only after the listener returned, i.e. after the
 * node committed what it did with it; a listener that throws gets it again with back-off.
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

        String user() default "";

        String password() default "";
    }

    static final String QUEUE_PREFIX = "jinku.node.";
    /** Most messages handed to a listener at once. */
    static final int BATCH = 100;
    private static final String P_TYPE = "jinkuType";
    private static final String P_FROM = "jinkuFrom";
    private static final String P_HEADER = "h_";
    private static final Logger LOG = LoggerFactory.getLogger(JmsPeerTransport.class);

    private ActiveMQConnectionFactory factory;
    private String user;
    private String password;
    private final List<JmsEndpoint> endpoints = new ArrayList<>();

    @Activate
    void activate(Config config) {
        configure(config.broker_url(), config.user(), config.password());
    }

    void configure(String url, String user, String password) {
        this.user = user;
        this.password = password;
        factory = new ActiveMQConnectionFactory(url);
        RedeliveryPolicy redelivery = new RedeliveryPolicy();
        // Never dead-letter a voucher because our own database was down: retry with back-off, forever.
        redelivery.setMaximumRedeliveries(RedeliveryPolicy.NO_MAXIMUM_REDELIVERIES);
        redelivery.setInitialRedeliveryDelay(500);
        redelivery.setUseExponentialBackOff(true);
        redelivery.setBackOffMultiplier(2);
        redelivery.setMaximumRedeliveryDelay(60_000);
        factory.setRedeliveryPolicy(redelivery);
        factory.setNonBlockingRedelivery(false);
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
        try {
            JmsEndpoint e = new JmsEndpoint(address, listener);
            synchronized (endpoints) {
                endpoints.add(e);
            }
            return e;
        } catch (JMSException ex) {
            throw new IllegalStateException("cannot open JMS endpoint " + address + ": " + ex.getMessage(), ex);
        }
    }

    private final class JmsEndpoint implements Endpoint {
        private final String address;
        private final Connection connection;
        private final Session sendSession;
        private final MessageProducer producer;
        private volatile boolean open = true;
        private Thread receiver;

        JmsEndpoint(String address, Listener listener) throws JMSException {
            this.address = address;
            connection = user.isEmpty() ? factory.createConnection() : factory.createConnection(user, password);
            try {
                connection.setClientID("jinku-" + address + "-" + System.nanoTime());
                sendSession = connection.createSession(true, Session.SESSION_TRANSACTED);
                producer = sendSession.createProducer(null);
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                Session receive = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = receive.createConsumer(receive.createQueue(QUEUE_PREFIX + address));
                connection.start();
                receiver = new Thread(() -> receiveLoop(receive, consumer, listener), "jinku-receive-" + address);
                receiver.setDaemon(true);
                receiver.start();
            } catch (JMSException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }

        /**
         * Takes what is waiting (up to BATCH messages) and hands it to the listener at once, so a node can
         * commit many in one transaction; the broker transaction commits after the listener returned.
         */
        private void receiveLoop(Session session, MessageConsumer consumer, Listener listener) {
            while (open) {
                List<jakarta.jms.Message> batch = new ArrayList<>();
                try {
                    jakarta.jms.Message first = consumer.receive(1000);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    jakarta.jms.Message next;
                    while (batch.size() < BATCH && (next = consumer.receiveNoWait()) != null) {
                        batch.add(next);
                    }
                    List<Message> messages = new ArrayList<>(batch.size());
                    for (jakarta.jms.Message m : batch) {
                        messages.add(toPeerMessage(m));
                    }
                    listener.onMessages(messages);
                    session.commit();
                } catch (Exception | Error e) {
                    // Whatever failed, the messages stay on the queue and this thread keeps receiving.
                    if (!open) {
                        return;
                    }
                    LOG.warn("endpoint {}: {} message(s) left for redelivery: {}", address, batch.size(), e.toString());
                    try {
                        session.rollback();
                    } catch (JMSException re) {
                        LOG.debug("endpoint {}: rollback failed", address, re);
                        sleepQuietly();
                    }
                }
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
                    Message m = e.getValue();
                    BytesMessage jms = sendSession.createBytesMessage();
                    jms.writeBytes(m.body());
                    jms.setStringProperty(P_TYPE, m.type());
                    jms.setStringProperty(P_FROM, m.from());
                    jms.setJMSCorrelationID(m.messageId());
                    for (Map.Entry<String, String> h : m.headers().entrySet()) {
                        jms.setStringProperty(P_HEADER + h.getKey(), h.getValue());
                    }
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

    /** Anything but a BytesMessage is handed on as type INVALID, so the node records and drops it. */
    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Message toPeerMessage(jakarta.jms.Message m) throws JMSException {
        byte[] body = new byte[0];
        String type = m.getStringProperty(P_TYPE);
        if (m instanceof BytesMessage bytes) {
            body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
        } else {
            type = "INVALID";
        }
        Map<String, String> headers = new HashMap<>();
        for (Enumeration<?> names = m.getPropertyNames(); names.hasMoreElements(); ) {
            String n = (String) names.nextElement();
            if (n.startsWith(P_HEADER)) {
                headers.put(n.substring(P_HEADER.length()), m.getStringProperty(n));
            }
        }
        return new Message(type, m.getStringProperty(P_FROM), m.getJMSCorrelationID(), headers, body);
    }
}
