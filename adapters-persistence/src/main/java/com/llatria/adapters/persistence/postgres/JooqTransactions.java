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
 * <p>Connections are handed out first come, first served: a {@link ConnectionGate} with one
 * permit per pooled connection stands in front of a HikariCP pool. Hikari lets a thread that asks
 * just as a connection comes back take it ahead of threads already waiting, so under a burst (200
 * requests for 10 connections) some waiters lost every race until the pool's 3 s timeout ran out
 * and answered 503, while requests that came later were served (the reads benchmark's mixed load:
 * 2-25 such 503s in 30 s, and p99s of seconds). Behind the gate the pool never has more askers
 * than connections, so its timeout again means what it says, that the database does not answer;
 * a wait in the gate's queue is a wait for a turn, bounded by {@link #QUEUE_LIMIT_MILLIS} (the
 * query timeout), and while the database does not answer nobody queues.
 */
public final class JooqTransactions implements Transactions, ConnectionProvider {
    private final DataSource dataSource;
    private static final Logger LOG = LoggerFactory.getLogger(JooqTransactions.class);
    private final ThreadLocal<Connection> current = new ThreadLocal<>();
    private final ThreadLocal<List<Runnable>> afterCommit = new ThreadLocal<>();

    /** The longest wait for a turn at a connection: as long as a query may run (the pool's socketTimeout). */
    static final long QUEUE_LIMIT_MILLIS = 30_000;
    /** One permit per pooled connection; null for a data source whose size we do not know. */
    private final ConnectionGate gate;

    public JooqTransactions(DataSource dataSource) {
        this.dataSource = dataSource;
        this.gate = dataSource instanceof HikariDataSource hikari ? new ConnectionGate(hikari.getMaximumPoolSize()) : null;
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
            ConnectionGate.Refusal refusal;
            try {
                refusal = gate.enter(QUEUE_LIMIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DataAccessException("interrupted while waiting for a database connection", e);
            }
            if (refusal != null) {
                throw new DataAccessException("no database connection", new SQLTransientConnectionException(
                        refusal == ConnectionGate.Refusal.TIMED_OUT ? "no turn at a pooled connection within " + QUEUE_LIMIT_MILLIS + " ms"
                                : "the database is not answering"));
            }
        }
        try {
            Connection connection = dataSource.getConnection();
            if (gate != null) gate.answering();
            return connection;
        } catch (SQLException | RuntimeException e) {
            if (gate != null) {
                gate.failing();
                gate.leave();
            }
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
            if (gate != null) gate.leave();
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
