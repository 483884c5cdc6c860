package org.jinku.store.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
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

    /** The transaction open on this thread, joined by nested calls. */
    private final ThreadLocal<Tx> current = new ThreadLocal<>();

    private static final class Tx {
        final JdbcSession session;
        final Connection connection;
        final boolean readOnly;
        final List<Runnable> afterCommit = new ArrayList<>();

        Tx(Connection c, boolean readOnly) {
            this.connection = c;
            this.session = new JdbcSession(c);
            this.readOnly = readOnly;
        }
    }

    @Override
    public <T> T inTransaction(Work<T> work) {
        Tx tx = current.get();
        if (tx != null) {
            return nested(tx, work);
        }
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
        Tx tx = current.get();
        if (tx != null) {
            // Inside a transaction: read through it, seeing what it wrote (and not waiting on its locks).
            try {
                return work.run(tx.session);
            } catch (Exception e) {
                throw rethrow(e);
            }
        }
        return run(work, true);
    }

    @Override
    public void afterCommit(Runnable action) {
        Tx tx = current.get();
        if (tx == null) {
            action.run();
        } else {
            tx.afterCommit.add(action);
        }
    }

    /** A transaction inside one already open on this thread: a savepoint, undone alone if its work throws. */
    private <T> T nested(Tx tx, Work<T> work) {
        if (tx.readOnly) {
            throw new IllegalStateException("store " + name + ": a write inside a read-only transaction");
        }
        Savepoint sp;
        try {
            sp = tx.connection.setSavepoint();
        } catch (SQLException e) {
            throw JdbcSession.failure(e);
        }
        int callbacks = tx.afterCommit.size();
        try {
            T result = work.run(tx.session);
            tx.connection.releaseSavepoint(sp);
            return result;
        } catch (Throwable e) {
            // Errors too: an AssertionError or OutOfMemoryError must not leave half the work in the transaction.
            try {
                tx.connection.rollback(sp);
            } catch (SQLException re) {
                e.addSuppressed(re);
            }
            // what the undone work asked to do after commit is dropped with it
            tx.afterCommit.subList(callbacks, tx.afterCommit.size()).clear();
            throw rethrow(e);
        }
    }

    private <T> T run(Work<T> work, boolean readOnly) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                c.setReadOnly(readOnly);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                Tx tx = new Tx(c, readOnly);
                current.set(tx);
                try {
                    T result = work.run(tx.session);
                    c.commit();
                    current.remove();
                    for (Runnable r : tx.afterCommit) {
                        try {
                            r.run();
                        } catch (RuntimeException e) {
                            LOG.warn("store {}: after-commit action failed: {}", name, e.toString());
                        }
                    }
                    return result;
                } catch (Throwable e) {
                    // Any Throwable, not only exceptions: an Error must never leave a transaction and its
                    // row locks open on a connection that goes back to the pool or is closed half-done.
                    current.remove();
                    try {
                        c.rollback();
                    } catch (SQLException re) {
                        e.addSuppressed(re);
                    }
                    if (e instanceof Exception ex && attempt < RETRIES && retryable(ex)) {
                        LOG.debug("store {}: transaction retried after {}", name, e.getMessage());
                        continue;
                    }
                    throw rethrow(e);
                } finally {
                    current.remove();
                }
            } catch (SQLException e) {
                throw new org.jinku.api.spi.StoreUnavailableException("store " + name + " unavailable: "
                        + e.getMessage(), e);
            }
        }
    }

    private RuntimeException rethrow(Throwable e) {
        if (e instanceof Error err) {
            throw err;
        }
        if (e instanceof RuntimeException r) {
            return r;
        }
        if (e instanceof SQLException sql) {
            return JdbcSession.failure(sql);
        }
        return new IllegalStateException("store " + name + ": " + e.getMessage(), e);
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
