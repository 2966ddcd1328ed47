package com.llatria.adapters.persistence.postgres;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionGateTest {

    @Test
    void turns_go_in_arrival_order_and_a_newcomer_never_passes_a_waiter() throws Exception {
        ConnectionGate gate = new ConnectionGate(1);
        assertThat(gate.enter(1, TimeUnit.SECONDS)).isNull();
        List<String> order = new CopyOnWriteArrayList<>();
        Thread b = waiting(gate, "b", order);
        Thread c = waiting(gate, "c", order);

        gate.leave(); // b's turn, handed over directly
        b.join(5_000);
        // a newcomer while c waits: it queues behind c
        Thread d = waiting(gate, "d", order);
        c.join(5_000);
        d.join(5_000);

        assertThat(order).containsExactly("b", "c", "d");
        // everyone left: the one permit is free again, exactly one
        assertThat(gate.enter(10, TimeUnit.MILLISECONDS)).isNull();
        assertThat(gate.enter(10, TimeUnit.MILLISECONDS)).isEqualTo(ConnectionGate.Refusal.TIMED_OUT);
    }

    @Test
    void a_waiter_that_gave_up_takes_no_turn_with_it() throws Exception {
        ConnectionGate gate = new ConnectionGate(1);
        assertThat(gate.enter(1, TimeUnit.SECONDS)).isNull();
        assertThat(gate.enter(20, TimeUnit.MILLISECONDS)).isEqualTo(ConnectionGate.Refusal.TIMED_OUT);
        gate.leave();
        assertThat(gate.enter(10, TimeUnit.MILLISECONDS)).as("the permit came back, not to the departed waiter").isNull();
    }

    @Test
    void while_the_database_fails_waiters_are_told_at_once_and_newcomers_do_not_queue_until_it_answers() throws Exception {
        ConnectionGate gate = new ConnectionGate(1);
        assertThat(gate.enter(1, TimeUnit.SECONDS)).isNull();
        AtomicReference<ConnectionGate.Refusal> told = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                told.set(gate.enter(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        awaitWaiting(waiter);

        gate.failing();
        waiter.join(5_000);
        assertThat(told.get()).isEqualTo(ConnectionGate.Refusal.DATABASE_FAILING);
        assertThat(gate.enter(30, TimeUnit.SECONDS)).as("a newcomer, no turn free").isEqualTo(ConnectionGate.Refusal.DATABASE_FAILING);

        gate.answering();
        assertThat(gate.enter(20, TimeUnit.MILLISECONDS)).as("queues again").isEqualTo(ConnectionGate.Refusal.TIMED_OUT);
        gate.leave();
        assertThat(gate.enter(10, TimeUnit.MILLISECONDS)).isNull();
    }

    private static Thread waiting(ConnectionGate gate, String name, List<String> order) throws InterruptedException {
        Thread t = new Thread(() -> {
            try {
                if (gate.enter(10, TimeUnit.SECONDS) == null) {
                    order.add(name);
                    gate.leave();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        t.start();
        awaitWaiting(t);
        return t;
    }

    private static void awaitWaiting(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // waiting for its turn, or already through (a turn was free when it came)
        while (t.getState() != Thread.State.TIMED_WAITING && t.getState() != Thread.State.WAITING
                && t.getState() != Thread.State.TERMINATED) {
            if (System.nanoTime() > deadline) throw new AssertionError(t.getName() + " never started waiting");
            Thread.sleep(1);
        }
    }
}
