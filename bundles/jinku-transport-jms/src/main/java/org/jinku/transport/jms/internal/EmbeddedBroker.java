package org.jinku.transport.jms.internal;

import java.net.URI;
import java.nio.file.Paths;

import org.apache.activemq.broker.BrokerService;
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
    }

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    private BrokerService broker;

    @Activate
    void activate(Config config) throws Exception {
        if (!config.enabled()) {
            LOG.info("embedded broker disabled by configuration");
            return;
        }
        String dir = config.data_dir().isBlank()
                ? Paths.get(System.getProperty("karaf.data", "data"), "activemq").toString() : config.data_dir();
        broker = start(config.name(), dir, config.connectors(), config.store_limit_mb());
    }

    static BrokerService start(String name, String dir, String connectors, long storeLimitMb) throws Exception {
        BrokerService b = new BrokerService();
        b.setBrokerName(name);
        b.setPersistent(true);
        b.setUseJmx(false);
        b.setUseShutdownHook(false);
        b.setSchedulerSupport(false);
        b.setAdvisorySupport(false);
        b.setDataDirectory(dir);
        KahaDBPersistenceAdapter kaha = new KahaDBPersistenceAdapter();
        kaha.setDirectory(Paths.get(dir, "kahadb").toFile());
        b.setPersistenceAdapter(kaha);
        b.getSystemUsage().getStoreUsage().setLimit(storeLimitMb * 1024 * 1024);
        b.getSystemUsage().getTempUsage().setLimit(Math.max(1024, storeLimitMb / 2) * 1024 * 1024);
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
        LOG.info("embedded broker {} started, data in {}, connectors [{}]", name, dir, connectors);
        return b;
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
