package org.jinku.transport.jms.internal;

import java.net.URI;
import java.nio.file.Paths;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.command.ActiveMQQueue;
import org.apache.activemq.filter.DestinationMapEntry;
import org.apache.activemq.jaas.GroupPrincipal;
import org.apache.activemq.jaas.UserPrincipal;
import org.apache.activemq.security.AuthorizationEntry;
import org.apache.activemq.security.AuthorizationPlugin;
import org.apache.activemq.security.DefaultAuthorizationMap;
import org.apache.activemq.security.SimpleAuthenticationPlugin;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ActiveMQ broker of a single-box site, persistent in KahaDB under {@code ${karaf.data}/activemq}.
 * Started from DS instead of the stock activemq-karaf features (their Spring bundles are not served).
 * Sites with an external broker set {@code enabled=false} and point {@code jinku.transport.jms} at it.
 *
 * <p>Each node logs in as its own broker user, named like its transport address ({@code user.<address> =
 * password}); anonymous connections are refused. A user reads only its own queue and its parked queue
 * and writes only to the queues listed in {@code write.<address>}, its own queue (a retried parked
 * message goes back there) and its parked queue. The broker stamps the authenticated user into
 * {@code JMSXUserID}, which the transport reports as the sender.
 */
@Component(service = EmbeddedBroker.class, immediate = true, configurationPid = "jinku.broker",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = EmbeddedBroker.Config.class)
public class EmbeddedBroker {

    @ObjectClassDefinition(name = "Jinku embedded ActiveMQ broker")
    public @interface Config {
        @AttributeDefinition(description = "Start the embedded broker")
        boolean enabled() default true;

        @AttributeDefinition(description = "Broker name; the in-VM URL is vm://<name>")
        String name() default "jinku";

        @AttributeDefinition(description = "Comma-separated connectors for remote peers; empty for in-VM only")
        String connectors() default "tcp://127.0.0.1:61616";

        @AttributeDefinition(description = "KahaDB directory; empty for ${karaf.data}/activemq")
        String data_dir() default "";

        @AttributeDefinition(description = "Disk the broker's store may use, in MB")
        long store_limit_mb() default 10240;

        @AttributeDefinition(description = "Require a node login (user.<name> keys) and enforce the write.<name> lists; "
                + "false only for a throw-away development broker")
        boolean authentication() default true;
    }

    /** Broker users are transport addresses, as node names; never an ActiveMQ wildcard (* or >). */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    private BrokerService broker;

    /**
     * Who may log in and where each may send. {@code passwords}: user → password; {@code writes}: user →
     * addresses whose queue it may send to (its own and its parked queue are always allowed).
     */
    record Security(Map<String, String> passwords, Map<String, Set<String>> writes) {
        Security {
            passwords = Map.copyOf(passwords);
            writes = Map.copyOf(writes);
            for (String u : passwords.keySet()) {
                if (!NAME.matcher(u).matches()) {
                    throw new IllegalArgumentException("broker user '" + u + "' must be 1-64 of [A-Za-z0-9._-]");
                }
                if (passwords.get(u).isEmpty()) {
                    throw new IllegalArgumentException("broker user '" + u + "' has an empty password");
                }
            }
            for (Map.Entry<String, Set<String>> w : writes.entrySet()) {
                if (!passwords.containsKey(w.getKey())) {
                    throw new IllegalArgumentException("write." + w.getKey() + " names no user (user." + w.getKey() + ")");
                }
                for (String a : w.getValue()) {
                    if (!NAME.matcher(a).matches()) {
                        throw new IllegalArgumentException("write." + w.getKey() + ": '" + a + "' is not an address");
                    }
                }
            }
        }

        /** From configuration properties {@code user.<name> = password}, {@code write.<name> = a, b}. */
        static Security parse(Map<String, ?> properties) {
            Map<String, String> passwords = new TreeMap<>();
            Map<String, Set<String>> writes = new TreeMap<>();
            for (Map.Entry<String, ?> e : properties.entrySet()) {
                String k = e.getKey();
                String v = String.valueOf(e.getValue()).trim();
                if (k.startsWith("user.")) {
                    passwords.put(k.substring(5), v);
                } else if (k.startsWith("write.")) {
                    Set<String> to = new TreeSet<>();
                    Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(to::add);
                    writes.put(k.substring(6), to);
                }
            }
            return new Security(passwords, writes);
        }

        Set<String> writers(String address) {
            Set<String> out = new TreeSet<>();
            writes.forEach((u, to) -> {
                if (to.contains(address)) {
                    out.add(u);
                }
            });
            return out;
        }
    }

    @Activate
    void activate(Config config, Map<String, Object> properties) throws Exception {
        if (!config.enabled()) {
            LOG.info("embedded broker disabled by configuration");
            return;
        }
        Security security = null;
        if (config.authentication()) {
            security = Security.parse(properties);
            if (security.passwords().isEmpty()) {
                // Fail loudly rather than start a broker nobody may use (or, worse, an open one).
                throw new IllegalStateException("jinku.broker: authentication is on but no user.<name> is configured");
            }
        } else {
            LOG.warn("embedded broker WITHOUT authentication: any local client may read and write any queue");
        }
        String dir = config.data_dir().isBlank()
                ? Paths.get(System.getProperty("karaf.data", "data"), "activemq").toString() : config.data_dir();
        broker = start(config.name(), dir, config.connectors(), config.store_limit_mb(), security);
    }

    /** An open broker (no authentication); for tests of other things. */
    static BrokerService start(String name, String dir, String connectors, long storeLimitMb) throws Exception {
        return start(name, dir, connectors, storeLimitMb, null);
    }

    static BrokerService start(String name, String dir, String connectors, long storeLimitMb, Security security)
            throws Exception {
        BrokerService b = new BrokerService();
        b.setBrokerName(name);
        b.setPersistent(true);
        b.setUseJmx(false);
        b.setUseShutdownHook(false);
        b.setSchedulerSupport(false);
        // No advisory topics, so no ACLs are needed for them; clients do not watch them either.
        b.setAdvisorySupport(false);
        b.setDataDirectory(dir);
        KahaDBPersistenceAdapter kaha = new KahaDBPersistenceAdapter();
        kaha.setDirectory(Paths.get(dir, "kahadb").toFile());
        b.setPersistenceAdapter(kaha);
        b.getSystemUsage().getStoreUsage().setLimit(storeLimitMb * 1024 * 1024);
        b.getSystemUsage().getTempUsage().setLimit(Math.max(1024, storeLimitMb / 2) * 1024 * 1024);
        if (security != null) {
            b.setPlugins(plugins(security));
            // The broker writes the logged-in user into JMSXUserID, overwriting whatever the client set:
            // that is the sender a node can trust.
            b.setPopulateJMSXUserID(true);
            b.setUseAuthenticatedPrincipalForJMSXUserID(true);
        }
        for (String c : connectors.split(",")) {
            if (!c.isBlank()) {
                b.addConnector(new URI(c.trim()));
            }
        }
        try {
            b.start();
            b.waitUntilStarted();
        } catch (Exception e) {
            // DS does not deactivate a component whose activate threw: release ports and files here.
            b.stop();
            throw e;
        }
        LOG.info("embedded broker {} started, data in {}, connectors [{}], {}", name, dir, connectors,
                security == null ? "no authentication" : "users " + security.passwords().keySet());
        return b;
    }

    static BrokerPlugin[] plugins(Security security) {
        SimpleAuthenticationPlugin authentication = new SimpleAuthenticationPlugin();
        authentication.setAnonymousAccessAllowed(false);
        Map<String, Set<Principal>> groups = new LinkedHashMap<>();
        for (String u : security.passwords().keySet()) {
            // One group per node, named like it; the UserPrincipal is what JMSXUserID is taken from.
            groups.put(u, new HashSet<>(List.of(new GroupPrincipal(u), new UserPrincipal(u))));
        }
        authentication.setUserPasswords(new LinkedHashMap<>(security.passwords()));
        authentication.setUserGroups(groups);

        Set<String> addresses = new TreeSet<>(security.passwords().keySet());
        security.writes().values().forEach(addresses::addAll);
        @SuppressWarnings("rawtypes")
        List<DestinationMapEntry> entries = new ArrayList<>();
        for (String a : addresses) {
            boolean isUser = security.passwords().containsKey(a);
            Set<String> readers = isUser ? Set.of(a) : Set.of();
            Set<String> writers = new TreeSet<>(security.writers(a));
            if (isUser) {
                writers.add(a);
            }
            entries.add(entry(JmsPeerTransport.QUEUE_PREFIX + a, readers, writers));
            if (isUser) {
                entries.add(entry(JmsPeerTransport.PARKED_PREFIX + a, readers, readers));
            }
        }
        // Anything not listed (other queues, topics, temporary destinations) matches no entry: refused.
        DefaultAuthorizationMap map = new DefaultAuthorizationMap(entries);
        return new BrokerPlugin[] {authentication, new AuthorizationPlugin(map)};
    }

    private static AuthorizationEntry entry(String queue, Set<String> readers, Set<String> writers) {
        AuthorizationEntry e = new AuthorizationEntry();
        e.setDestination(new ActiveMQQueue(queue));
        e.setReadACLs(principals(readers));
        e.setWriteACLs(principals(writers));
        // Whoever may read or write may also create the queue: the first send may come before the
        // receiver ever connected.
        Set<String> admins = new TreeSet<>(readers);
        admins.addAll(writers);
        e.setAdminACLs(principals(admins));
        return e;
    }

    private static Set<Object> principals(Set<String> groups) {
        Set<Object> out = new HashSet<>();
        groups.forEach(g -> out.add(new GroupPrincipal(g)));
        return out;
    }

    @Deactivate
    void deactivate() throws Exception {
        if (broker != null) {
            broker.stop();
            broker.waitUntilStopped();
            broker = null;
        }
    }
}
