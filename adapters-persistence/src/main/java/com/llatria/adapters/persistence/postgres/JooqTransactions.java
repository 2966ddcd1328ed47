package com.llatria.adapters.persistence.postgres;

import com.llatria.domain.port.Transactions;
import org.jooq.ConnectionProvider;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Transactions for the jOOQ repositories. A transaction binds one connection to the thread; the
 * repositories' {@link ConnectionProvider} hands out that connection while it is open and a
 * pooled one otherwise. Nested calls join the outer transaction.
 *
 * <p>Written out rather than using jOOQ's ThreadLocalTransactionProvider because that one asks
 * the pool again to roll back a transaction that never began, tripling the wait when the
 * database is down; here an outage costs one pool timeout.
 *
 * <p>Connections are handed out first come, first served: a fair gate with one permit per pooled
 * connection stands in front of a HikariCP pool. Hikari lets a thread that asks just as a
 * connection comes back take it ahead of threads already waiting, so under a burst (200 requests
 * for 10 connections) some waiters lost every race until the pool's timeout ran out and answered
 * 503, while requests that came later were served (the reads benchmark's mixed load: 2-25 such
 * 503s in 30 s, and p99s of seconds). Behind the gate the pool has no more askers than
 * connections, and the wait is a queue. The gate waits at most the pool's own connection timeout.
 */
public final class JooqTransactions implements Transactions, ConnectionProvider {
    private final DataSource dataSource;
    private static final Logger LOG = LoggerFactory.getLogger(JooqTransactions.class);
    private final ThreadLocal<Connection> current = new ThreadLocal<>();
    private final ThreadLocal<List<Runnable>> afterCommit = new ThreadLocal<>();

    /** One permit per pooled connection, fair; null for a data source whose size we do not know. */
    private final Semaphore gate;
    private final long gateTimeoutMillis;

    public JooqTransactions(DataSource dataSource) {
        this.dataSource = dataSource;
        if (dataSource instanceof HikariDataSource hikari) {
            this.gate = new Semaphore(hikari.getMaximumPoolSize(), true);
            this.gateTimeoutMillis = hikari.getConnectionTimeout();
        } else {
            this.gate = null;
            this.gateTimeoutMillis = 0;
        }
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
        if (gate != null) {
            boolean admitted;
            try {
                admitted = gate.tryAcquire(gateTimeoutMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DataAccessException("interrupted while waiting for a database connection", e);
            }
            if (!admitted) {
                throw new DataAccessException("no database connection",
                        new SQLTransientConnectionException("no pooled connection became free within " + gateTimeoutMillis + " ms"));
            }
        }
        try {
            return dataSource.getConnection();
        } catch (SQLException | RuntimeException e) {
            if (gate != null) gate.release();
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

    private void close(Connection connection) {
        try {
            returnToPool(connection);
        } finally {
            if (gate != null) gate.release();
        }
    }

    private static void returnToPool(Connection connection) {
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
