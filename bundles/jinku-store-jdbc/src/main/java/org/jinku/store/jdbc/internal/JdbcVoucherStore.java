package org.jinku.store.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jinku.api.spi.VoucherStore;

/**
 * A node's store on one JDBC database. Each {@link #inTransaction} runs on its own connection; lock
 * timeouts and deadlocks (which Derby and PostgreSQL resolve by failing one party) are retried.
 */
final class JdbcVoucherStore implements VoucherStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcVoucherStore.class);
    private static final int RETRIES = 5;

    private final String name;
    private final ConnectionSource dataSource;
    private final Runnable onClose;
    /**
     * Embedded Derby locks rows without multi-versioning, so two writers that each touch a few rows can
     * deadlock (Derby then waits 20 s to find out). One node's writes are short and its commits are
     * serialised by the log flush anyway, so writers take turns; readers do not wait for this lock.
     */
    private final ReentrantLock writeLock;

    JdbcVoucherStore(String name, ConnectionSource dataSource, Runnable onClose, boolean serializeWrites)
            throws SQLException {
        this.name = name;
        this.dataSource = dataSource;
        this.onClose = onClose;
        this.writeLock = serializeWrites ? new ReentrantLock(true) : null;
        try (Connection c = dataSource.getConnection()) {
            int found = Schema.migrate(c);
            if (found < Schema.MIGRATIONS.size()) {
                LOG.info("store {}: schema migrated from version {} to {}", name, found, Schema.MIGRATIONS.size());
            }
        }
    }

    @Override
    public <T> T inTransaction(Work<T> work) {
        if (writeLock == null) {
            return run(work, false);
        }
        writeLock.lock();
        try {
            return run(work, false);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public <T> T read(Work<T> work) {
        return run(work, true);
    }

    private <T> T run(Work<T> work, boolean readOnly) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                c.setReadOnly(readOnly);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                try {
                    T result = work.run(new JdbcSession(c));
                    c.commit();
                    return result;
                } catch (Exception e) {
                    c.rollback();
                    if (attempt < RETRIES && retryable(e)) {
                        LOG.debug("store {}: transaction retried after {}", name, e.getMessage());
                        continue;
                    }
                    if (e instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException("store " + name + ": " + e.getMessage(), e);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("store " + name + " unavailable: " + e.getMessage(), e);
            }
        }
    }

    /** Lock timeout (40XL1), deadlock (40001) and PostgreSQL serialization failures. */
    private static boolean retryable(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("40"))) {
                return true;
            }
        }
        return false;
    }

    /** Where connections come from: a driver and URL, so any JDBC driver the container offers will do. */
    @FunctionalInterface
    interface ConnectionSource {
        Connection getConnection() throws SQLException;
    }

    @Override
    public void close() {
        onClose.run();
    }

    @Override
    public String toString() {
        return "JdbcVoucherStore[" + name + "]";
    }
}
