package com.llatria.adapters.persistence.postgres;

import com.llatria.domain.port.Transactions;
import org.jooq.ConnectionProvider;
import org.jooq.exception.DataAccessException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
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
    private final ThreadLocal<Connection> current = new ThreadLocal<>();

    public JooqTransactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (current.get() != null) return work.get();
        Connection connection = acquireNew();
        try {
            connection.setAutoCommit(false);
            current.set(connection);
            T result = work.get();
            connection.commit();
            return result;
        } catch (SQLException e) {
            rollbackQuietly(connection);
            throw new DataAccessException("transaction failed", e);
        } catch (RuntimeException | Error e) {
            rollbackQuietly(connection);
            throw e;
        } finally {
            current.remove();
            close(connection);
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
