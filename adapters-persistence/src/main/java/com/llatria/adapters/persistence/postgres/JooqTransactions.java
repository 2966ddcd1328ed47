package com.llatria.adapters.persistence.postgres;

import com.llatria.domain.port.Transactions;
import org.jooq.ConnectionProvider;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Transactions for the jOOQ repositories. A transaction binds one connection to the thread; the
 * repositories' {@link ConnectionProvider} hands out that connection while it is open and a
 * pooled one otherwise. Nested calls join the outer transaction.
 *
 * <p>Written out rather than using jOOQ's ThreadLocalTransactionProvider because that one asks
 * the pool again to roll back a transaction that never began, tripling the wait when the
 * database is down; here an outage costs one pool timeout.
 */
public final class JooqTransactions implements Transactions, ConnectionProvider {
    private final DataSource dataSource;
    private static final Logger LOG = LoggerFactory.getLogger(JooqTransactions.class);
    private final ThreadLocal<Connection> current = new ThreadLocal<>();
    private final ThreadLocal<List<Runnable>> afterCommit = new ThreadLocal<>();

    public JooqTransactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (current.get() != null) return work.get();
        Connection connection = acquireNew();
        List<Runnable> onCommit = new ArrayList<>();
        T result;
        try {
            connection.setAutoCommit(false);
            current.set(connection);
            afterCommit.set(onCommit);
            result = work.get();
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly(connection);
            throw new DataAccessException("transaction failed", e);
        } catch (RuntimeException | Error e) {
            rollbackQuietly(connection);
            throw e;
        } finally {
            current.remove();
            afterCommit.remove();
            close(connection);
        }
        runAll(onCommit);
        return result;
    }

    @Override
    public void afterCommit(Runnable action) {
        List<Runnable> actions = afterCommit.get();
        if (actions == null) throw new IllegalStateException("afterCommit needs an open transaction");
        actions.add(action);
    }

    /** The transaction is committed whatever these do; a failing one is logged and the rest still run. */
    static void runAll(List<Runnable> actions) {
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("an after-commit action failed", e);
            }
        }
    }

    @Override
    public Connection acquire() {
        Connection inTransaction = current.get();
        return inTransaction != null ? inTransaction : acquireNew();
    }

    @Override
    public void release(Connection connection) {
        if (connection != current.get()) close(connection);
    }

    private Connection acquireNew() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new DataAccessException("no database connection", e);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; closing it below returns nothing half-done to the pool
        }
    }

    private static void close(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // a broken connection: the pool evicts it on close
        }
        try {
            connection.close();
        } catch (SQLException e) {
            throw new DataAccessException("could not return a connection to the pool", e);
        }
    }
}
