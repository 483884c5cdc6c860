package org.jinku.store.jdbc.internal;

import java.nio.file.Paths;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jdbc.DataSourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jinku.api.spi.VoucherStore;
import org.jinku.api.spi.VoucherStoreFactory;

/**
 * Opens node stores on whichever JDBC driver the container offers as a {@link DataSourceFactory}
 * (pax-jdbc): embedded Derby by default, one database per node under {@code ${karaf.data}/jinku/<node>/db}.
 * Node properties: {@code store.driver} (osgi.jdbc.driver.name, default {@code derby}), {@code store.url},
 * {@code store.user}, {@code store.password}, {@code store.serializeWrites} (default: true for Derby).
 */
@Component(service = VoucherStoreFactory.class, property = VoucherStoreFactory.SERVICE_PROPERTY + "=jdbc")
public class JdbcStoreFactory implements VoucherStoreFactory {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStoreFactory.class);

    private final List<Map.Entry<Map<String, Object>, DataSourceFactory>> drivers = new CopyOnWriteArrayList<>();

    /**
     * Static and greedy: the factory (and so every node on it) restarts when a driver comes or goes, and
     * it is not offered before at least one database driver is there.
     */
    @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE, policy = ReferencePolicy.STATIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addDriver(DataSourceFactory factory, Map<String, Object> props) {
        drivers.add(Map.entry(props, factory));
    }

    void removeDriver(DataSourceFactory factory, Map<String, Object> props) {
        drivers.removeIf(e -> e.getValue() == factory);
    }

    @Override
    public VoucherStore open(String nodeName, Map<String, Object> config) {
        String driverName = string(config, "store.driver", "derby");
        DataSourceFactory dsf = driver(driverName);
        String url = string(config, "store.url", null);
        if (url == null || url.isBlank()) {
            String home = System.getProperty("karaf.data", "data");
            url = "jdbc:derby:" + Paths.get(home, "jinku", nodeName, "db") + ";create=true";
        }
        Properties props = new Properties();
        String user = string(config, "store.user", null);
        if (user != null) {
            props.setProperty("user", user);
            props.setProperty("password", string(config, "store.password", ""));
        }
        try {
            Driver driver = dsf.createDriver(null);
            String jdbcUrl = url;
            boolean serialize = Boolean.parseBoolean(string(config, "store.serializeWrites",
                    Boolean.toString(jdbcUrl.startsWith("jdbc:derby:"))));
            JdbcVoucherStore store = new JdbcVoucherStore(nodeName, () -> driver.connect(jdbcUrl, props),
                    () -> shutdown(driver, jdbcUrl), serialize);
            LOG.info("node {}: store opened on {}", nodeName, url);
            return store;
        } catch (SQLException e) {
            throw new IllegalStateException("node " + nodeName + ": cannot open store " + url + ": " + e.getMessage(), e);
        }
    }

    private DataSourceFactory driver(String name) {
        for (Map.Entry<Map<String, Object>, DataSourceFactory> e : drivers) {
            if (name.equalsIgnoreCase(String.valueOf(e.getKey().get(DataSourceFactory.OSGI_JDBC_DRIVER_NAME)))) {
                return e.getValue();
            }
        }
        throw new IllegalStateException("no JDBC driver '" + name + "' is installed (install the pax-jdbc bundle"
                + " for it); drivers present: " + drivers.stream()
                .map(e -> e.getKey().get(DataSourceFactory.OSGI_JDBC_DRIVER_NAME)).toList());
    }

    /** Embedded Derby must be shut down to release its files; other databases just drop connections. */
    static void shutdown(Driver driver, String url) {
        if (!url.startsWith("jdbc:derby:") || url.startsWith("jdbc:derby://")) {
            return;
        }
        String base = url.contains(";") ? url.substring(0, url.indexOf(';')) : url;
        try {
            driver.connect(base + ";shutdown=true", new Properties());
        } catch (SQLException expected) {
            // Derby reports a clean database shutdown as SQLState 08006.
            if (!"08006".equals(expected.getSQLState())) {
                LOG.warn("Derby shutdown of {}: {}", base, expected.getMessage());
            }
        }
    }

    private static String string(Map<String, Object> config, String key, String def) {
        Object v = config.get(key);
        return v == null ? def : v.toString().trim();
    }
}
