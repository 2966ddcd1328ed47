package com.llatria.adapters.persistence.postgres;

import com.llatria.adapters.persistence.testing.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void a_wait_longer_than_the_pools_timeout_is_a_transient_connection_failure_and_gives_back_nothing_it_did_not_take() throws Exception {
        pool.setMaximumPoolSize(1);
        pool.setConnectionTimeout(250);
        JooqTransactions transactions = new JooqTransactions(pool);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        Thread holder = new Thread(() -> transactions.inTransaction(() -> {
            holding.countDown();
            await(letGo);
            return null;
        }));
        holder.start();
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> transactions.inTransaction(() -> "never"))
                    .isInstanceOf(DataAccessException.class).hasMessage("no database connection")
                    .hasCauseInstanceOf(SQLTransientConnectionException.class);
        }
        assertThatThrownBy(() -> transactions.inTransaction(() -> {
            throw new IllegalStateException("work that fails");
        })).isInstanceOf(DataAccessException.class);
        letGo.countDown();
        holder.join(10_000);

        // the timed-out waiters took no permit, so the one connection is free again: were a permit
        // lost, this would time out; were one given back twice, two could ask the pool at once
        assertThatThrownBy(() -> transactions.inTransaction(() -> {
            throw new IllegalStateException("work that fails");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(transactions.inTransaction(() -> "served")).isEqualTo("served");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch out = new CountDownLatch(1);
        Thread again = new Thread(() -> transactions.inTransaction(() -> {
            inside.countDown();
            await(out);
            return null;
        }));
        again.start();
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> transactions.inTransaction(() -> "a second at once"))
                .as("one permit, not two").isInstanceOf(DataAccessException.class);
        out.countDown();
        again.join(10_000);
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
