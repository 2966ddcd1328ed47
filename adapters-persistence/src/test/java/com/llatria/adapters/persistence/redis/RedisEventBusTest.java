package com.llatria.adapters.persistence.redis;

import com.llatria.adapters.persistence.contract.EventBusContract;
import com.llatria.adapters.persistence.testing.FreezableProxy;
import com.llatria.adapters.persistence.testing.TestRedis;
import com.llatria.domain.port.EventBus;
import com.llatria.domain.sync.ChangeLogEntry;
import com.llatria.domain.user.SessionsEnded;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract on embedded Redis, and what only a bus between instances does: cross, survive an outage. */
class RedisEventBusTest extends EventBusContract {
    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();

    private RedisEventBus instance() {
        JedisPooled pool = RedisConnections.pool(TestRedis.url(), 4);
        RedisEventBus bus = new RedisEventBus(pool);
        opened.add(pool);
        opened.add(bus);
        waitFor(bus::connected, Duration.ofSeconds(5));
        return bus;
    }

    @Override
    protected EventBus freshBus() {
        return instance();
    }

    @Override
    protected void closeBus() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        opened.clear();
    }

    private static void waitFor(BooleanSupplier condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within " + within);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void a_change_published_on_one_instance_reaches_the_other_once_and_not_its_own_twice() {
        RedisEventBus a = instance();
        RedisEventBus b = instance();
        List<ChangeLogEntry> onA = new CopyOnWriteArrayList<>();
        List<ChangeLogEntry> onB = new CopyOnWriteArrayList<>();
        a.subscribe(onA::add);
        b.subscribe(onB::add);
        ChangeLogEntry change = change(7);

        a.publish(change);

        waitFor(() -> onB.size() == 1, Duration.ofSeconds(5));
        assertThat(onB).containsExactly(change);
        assertThat(onA).containsExactly(change);
    }

    @Test
    void a_users_sessions_ending_on_one_instance_reaches_the_other_once_and_not_its_own_twice() {
        RedisEventBus a = instance();
        RedisEventBus b = instance();
        List<SessionsEnded> onA = new CopyOnWriteArrayList<>();
        List<SessionsEnded> onB = new CopyOnWriteArrayList<>();
        List<ChangeLogEntry> changesOnB = new CopyOnWriteArrayList<>();
        a.subscribeSessionsEnded(onA::add);
        b.subscribeSessionsEnded(onB::add);
        b.subscribe(changesOnB::add);
        com.llatria.domain.user.UserId ann = new com.llatria.domain.user.UserId(java.util.UUID.randomUUID());
        SessionsEnded deactivated = new SessionsEnded.Deactivated(ann);
        SessionsEnded passwordChanged = new SessionsEnded.Before(ann, 3);

        a.publishSessionsEnded(deactivated);
        a.publishSessionsEnded(passwordChanged);
        a.publish(change(8));

        waitFor(() -> changesOnB.size() == 1, Duration.ofSeconds(5));
        assertThat(onB).containsExactly(deactivated, passwordChanged);
        assertThat(onA).containsExactly(deactivated, passwordChanged);
    }

    @Test
    void publishing_never_waits_on_a_redis_that_does_not_answer() throws Exception {
        // A server that accepts connections and never replies: a publish that waited on Redis
        // would take at least the socket timeout (500 ms) each time.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0)) {
            List<java.net.Socket> accepted = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) accepted.add(silent.accept());
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            JedisPooled pool = RedisConnections.pool("redis://127.0.0.1:" + silent.getLocalPort(), 4);
            RedisEventBus bus = new RedisEventBus(pool);
            opened.add(pool);
            opened.add(bus);
            List<ChangeLogEntry> heard = new CopyOnWriteArrayList<>();
            bus.subscribe(heard::add);

            long started = System.nanoTime();
            for (int i = 1; i <= 50; i++) bus.publish(change(i));
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertThat(millis).as("50 publishes, had any waited for Redis: at least 25 s").isLessThan(5_000);
            assertThat(heard).hasSize(50);
            for (java.net.Socket socket : accepted) socket.close();
        }
    }

    @Test
    void while_redis_is_down_local_listeners_still_hear_and_when_it_is_back_the_others_are_told_to_pull() {
        RedisEventBus a = instance();
        RedisEventBus b = instance();
        List<ChangeLogEntry> onA = new CopyOnWriteArrayList<>();
        List<ChangeLogEntry> onB = new CopyOnWriteArrayList<>();
        AtomicInteger missedOnB = new AtomicInteger();
        a.subscribe(onA::add);
        b.subscribe(onB::add, missedOnB::incrementAndGet);

        TestRedis.stop();
        try {
            waitFor(() -> !b.connected(), Duration.ofSeconds(5));
            for (int i = 1; i <= 50; i++) a.publish(change(i));

            assertThat(onA).as("this instance's clients still hear its own changes").hasSize(50);
        } finally {
            TestRedis.restart();
        }

        waitFor(() -> b.connected() && a.connected(), Duration.ofSeconds(10));
        waitFor(() -> missedOnB.get() >= 1, Duration.ofSeconds(5));
        ChangeLogEntry after = change(99);
        a.publish(after);
        waitFor(() -> onB.contains(after), Duration.ofSeconds(5));
    }

    @Test
    void a_redis_that_goes_silent_without_closing_the_connection_is_noticed_and_when_it_answers_again_listeners_are_told_to_pull() {
        try (FreezableProxy proxy = new FreezableProxy(TestRedis.port())) {
            JedisPooled pool = RedisConnections.pool("redis://127.0.0.1:" + proxy.port(), 4);
            RedisEventBus b = new RedisEventBus(pool);
            opened.add(pool);
            opened.add(b);
            RedisEventBus a = instance();
            waitFor(b::connected, Duration.ofSeconds(5));
            List<ChangeLogEntry> onB = new CopyOnWriteArrayList<>();
            AtomicInteger missedOnB = new AtomicInteger();
            b.subscribe(onB::add, missedOnB::incrementAndGet);

            proxy.freeze();
            waitFor(() -> !b.connected(), RedisEventBus.DEAD_AFTER.plusSeconds(5));
            a.publish(change(1));
            proxy.thaw();

            waitFor(() -> b.connected() && missedOnB.get() >= 1, Duration.ofSeconds(10));
            ChangeLogEntry after = change(2);
            a.publish(after);
            waitFor(() -> onB.contains(after), Duration.ofSeconds(5));
        }
    }
}
