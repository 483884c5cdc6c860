package org.jinku.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

import org.jinku.api.Node;

/**
 * The appliance's broker, reached over its TCP connector as any program on the box would: no login, no
 * connection; a node's login reads only its own queues and writes only to its peers; and a message no
 * node could read (a map where the type should be) is refused by the node without holding it up.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BrokerSecurityIT extends JinkuTestSupport {

    private static final String BROKER = "tcp://127.0.0.1:16616";

    @Inject
    ConfigurationAdmin configAdmin;

    private final List<Connection> connections = new ArrayList<>();

    @Override
    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(Arrays.asList(super.config()));
        // The other tests run in-VM only; this one needs the TCP connector, on a test port.
        options.add(editConfigurationFilePut("etc/jinku.broker.cfg", "connectors", BROKER));
        return options.toArray(new Option[0]);
    }

    @After
    public void closeConnections() throws Exception {
        for (Connection c : connections) {
            c.close();
        }
    }

    /** The bank's broker password, as the distribution ships it in etc/jinku.broker.cfg. */
    private String bankPassword() throws Exception {
        Object pw = configAdmin.getConfiguration("jinku.broker", null).getProperties().get("user.bank102");
        assertNotNull("etc/jinku.broker.cfg has no user.bank102", pw);
        return pw.toString();
    }

    private Session session(String user, String password) throws Exception {
        ActiveMQConnectionFactory f = new ActiveMQConnectionFactory(BROKER);
        f.setAlwaysSyncSend(true);
        f.setWatchTopicAdvisories(false);
        Connection c = user == null ? f.createConnection() : f.createConnection(user, password);
        connections.add(c);
        c.start();
        return c.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @Test
    public void anonymousAndWrongLoginsAreRefused() throws Exception {
        assertThrows(JMSSecurityException.class, () -> session(null, null));
        assertThrows(JMSSecurityException.class, () -> session("bank102", "not-the-password"));
        assertThrows(JMSSecurityException.class, () -> session("mallory", "anything"));
    }

    @Test
    public void theBankReadsOnlyItsOwnQueuesAndWritesOnlyToItsPeers() throws Exception {
        Session s = session("bank102", bankPassword());
        MessageProducer any = s.createProducer(null);
        for (String q : List.of("jinku.node.bank105", "jinku.node.nobody", "jinku.parked.finance", "ActiveMQ.DLQ")) {
            assertThrows(q, JMSSecurityException.class, () -> any.send(s.createQueue(q), s.createBytesMessage()));
        }
        for (String q : List.of("jinku.node.finance", "jinku.parked.finance")) {
            assertThrows(q, JMSSecurityException.class, () -> s.createConsumer(s.createQueue(q)));
        }
        assertThrows(JMSSecurityException.class, () -> s.createConsumer(s.createTopic("jinku.node.finance")));
        // its own parked queue it may look at (browsing takes nothing away from the node)
        try (QueueBrowser b = s.createBrowser(s.createQueue("jinku.parked.bank102"))) {
            b.getEnumeration();
        }
    }

    @Test
    public void aMessageNoNodeCouldReadIsRefusedAndHoldsNothingUp() throws Exception {
        Node finance = directory.require("finance");
        int before = finance.rejections(10_000).size();
        Session s = session("bank102", bankPassword());
        MessageProducer p = s.createProducer(s.createQueue("jinku.node.finance"));
        BytesMessage poison = s.createBytesMessage();
        poison.setObjectProperty("jinkuType", Map.of("not", "a string"));
        poison.setStringProperty("jinkuFrom", "pboc");
        poison.setJMSCorrelationID("it-poison-" + System.nanoTime());
        p.send(poison);

        await("finance refused the poison message", () -> finance.rejections(10_000).size() > before);
        assertTrue(finance.rejections(10_000).stream().anyMatch(r -> r.code().name().equals("INVALID_MESSAGE")));
        assertTrue("nothing parked: the message was refused, not retried", finance.parked(100).isEmpty());

        // operators see parked messages, and a retry of one that does not exist fails
        HttpResponse<String> r = get("/nodes/finance/parked");
        assertEquals(r.body(), 200, r.statusCode());
        assertEquals(0, json(r).size());
        String listed = shell("jinku:parked finance");
        assertTrue(listed, listed.contains("Deliveries"));
        assertThrows(Exception.class, () -> shell("jinku:parked-retry finance ID:no-such-message"));
        HttpResponse<String> unknown = postAs("jinku", "/nodes/finance/parked/ID:no-such-message/retry", "{}");
        assertEquals(unknown.body(), 404, unknown.statusCode());
    }
}
