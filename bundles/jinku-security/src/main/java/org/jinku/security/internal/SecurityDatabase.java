package org.jinku.security.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security database (安全库): the audit trail and the failed-login counts, in embedded Derby under
 * {@code ${karaf.data}/jinku/audit}, opened through the container's Derby {@link DataSourceFactory} (pax-jdbc).
 * Kept apart from the node stores so that no node's database holds the record of what its operators did.
 */
@Component(service = SecurityDatabase.class)
public class SecurityDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityDatabase.class);

    private static final String[] SCHEMA = {
        "CREATE TABLE AUDIT_LOG (SEQ BIGINT NOT NULL PRIMARY KEY, \"AT\" TIMESTAMP NOT NULL, ACTOR VARCHAR(128),"
            + " CHANNEL VARCHAR(16), ACTION VARCHAR(200), TARGET VARCHAR(1000), OUTCOME VARCHAR(200),"
            + " DETAIL VARCHAR(4000), PREV_HASH CHAR(64) NOT NULL, HASH CHAR(64) NOT NULL)",
        "CREATE INDEX AUDIT_LOG_AT ON AUDIT_LOG (\"AT\")",
        "CREATE INDEX AUDIT_LOG_ACTOR ON AUDIT_LOG (ACTOR)",
        "CREATE INDEX AUDIT_LOG_HASH ON AUDIT_LOG (HASH)",
        "CREATE TABLE LOGIN_STATE (NAME VARCHAR(128) NOT NULL PRIMARY KEY, FAILURES INT NOT NULL,"
            + " LOCKED_AT TIMESTAMP)",
    };

    private final Path dir;
    private final Driver driver;
    private final String url;

    /** The database of this Karaf: {@code ${karaf.data}/jinku/audit}. */
    @Activate
    public SecurityDatabase(@Reference(target = "(" + DataSourceFactory.OSGI_JDBC_DRIVER_NAME + "=derby)")
                            DataSourceFactory derby) throws SQLException {
        this(derby.createDriver(null), Paths.get(System.getProperty("karaf.data", "data"), "jinku"));
    }

    /** A database in {@code dir}/audit on {@code driver} (tests: Derby's embedded driver in target/). */
    SecurityDatabase(Driver driver, Path dir) throws SQLException {
        this.driver = driver;
        this.dir = dir;
        this.url = "jdbc:derby:" + dir.resolve("audit");
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        try (Connection c = driver.connect(url + ";create=true", new Properties())) {
            createTables(c);
        }
        LOG.info("security database open at {}", dir.resolve("audit"));
    }

    /** The directory the database and the audit head file live in. */
    Path dir() {
        return dir;
    }

    /** A new connection in auto-commit mode; the caller closes it. */
    Connection connect() throws SQLException {
        return driver.connect(url, new Properties());
    }

    private static void createTables(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String ddl : SCHEMA) {
                try {
                    st.executeUpdate(ddl);
                } catch (SQLException e) {
                    // X0Y32: the table or index exists already (the database was created before)
                    if (!"X0Y32".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
        }
    }

    /** Embedded Derby must be shut down to flush and release its files. */
    @Deactivate
    void close() {
        try {
            driver.connect(url + ";shutdown=true", new Properties());
        } catch (SQLException expected) {
            // Derby reports a clean shutdown of one database as SQLState 08006
            if (!"08006".equals(expected.getSQLState())) {
                LOG.warn("Derby shutdown of {}: {}", url, expected.getMessage());
            }
        }
    }
}
