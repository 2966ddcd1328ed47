package com.llatria.adapters.persistence.postgres;

import com.llatria.adapters.persistence.testing.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Connections from a real HikariCP pool on real PostgreSQL: first come, first served, and never more askers than connections. */
class JooqTransactionsTest {
    private final HikariDataSource pool = TestPostgres.freshDatabase();

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void waiters_get_the_connection_in_the_order_they_asked_and_the_one_who_gave_it_back_queues_behind_them() throws Exception {
        pool.setMaximumPoolSize(1);
        JooqTransactions transactions = new JooqTransactions(pool);
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        Thread first = new Thread(() -> {
            transactions.inTransaction(() -> {
                holding.countDown();
                await(letGo);
                return null;
            });
            // straight back for another: the threads already waiting come first
            transactions.inTransaction(() -> order.add("first again"));
        });
        first.start();
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        Thread second = queued(transactions, "second", order);
        Thread third = queued(transactions, "third", order);

        letGo.countDown();
        for (Thread t : List.of(first, second, third)) t.join(10_000);

        assertThat(order).containsExactly("second", "third", "first again");
    }

    /** Finding 10.6: a request that waited longer than the pool's timeout for a busy pool was told "database unavailable" (503). */
    @Test
    void a_request_waiting_for_a_busy_pool_is_served_in_its_turn_not_failed_after_the_pools_timeout() throws Exception {
        pool.setMaximumPoolSize(1);
        pool.setConnectionTimeout(250);
        JooqTransactions transactions = new JooqTransactions(pool);
        CountDownLatch holding = new CountDownLatch(1);
        Thread holder = new Thread(() -> transactions.inTransaction(() -> {
            holding.countDown();
            try {
                Thread.sleep(1_000); // four times the pool's timeout: the database is up, only busy
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        holder.start();
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(transactions.inTransaction(() -> "served")).isEqualTo("served");
        holder.join(10_000);
    }

    @Test
    void while_the_database_does_not_answer_nobody_queues_behind_the_pools_timeout() throws Exception {
        // a port nothing listens on: every connection attempt fails, each after the pool's timeout
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/nowhere");
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(250);
        config.setInitializationFailTimeout(-1);
        try (HikariDataSource dead = new HikariDataSource(config)) {
            JooqTransactions transactions = new JooqTransactions(dead);
            int askers = 60;
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(askers);
            long start = System.nanoTime();
            for (int i = 0; i < askers; i++) {
                Thread t = new Thread(() -> {
                    try {
                        transactions.inTransaction(() -> "never");
                    } catch (RuntimeException e) {
                        failures.add(e);
                    } finally {
                        done.countDown();
                    }
                });
                t.start();
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(failures).hasSize(askers).allSatisfy(e -> assertThat(e).isInstanceOf(DataAccessException.class)
                    .hasMessage("no database connection").hasCauseInstanceOf(java.sql.SQLException.class));
            // one at a time behind a 250 ms timeout would take 15 s; told at once, the queue is empty after the first few
            assertThat(millis).as("all %d answered after %d ms", askers, millis).isLessThan(7_500);
        }
    }

    /** Starts a thread that asks for a transaction and returns once it is waiting for the connection. */
    private static Thread queued(JooqTransactions transactions, String name, List<String> order) throws InterruptedException {
        Thread t = new Thread(() -> transactions.inTransaction(() -> order.add(name)), name);
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != Thread.State.TIMED_WAITING && t.getState() != Thread.State.WAITING) {
            if (System.nanoTime() > deadline) throw new AssertionError(name + " never started waiting: " + t.getState());
            Thread.sleep(1);
        }
        return t;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) throw new AssertionError("never released");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
