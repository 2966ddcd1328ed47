package com.llatria.adapters.persistence.redis;

import com.llatria.adapters.persistence.contract.RateLimitsContract;
import com.llatria.adapters.persistence.memory.InMemoryRateLimits;
import com.llatria.adapters.persistence.testing.FreezableProxy;
import com.llatria.adapters.persistence.testing.TestRedis;
import com.llatria.domain.fixtures.MutableClock;
import com.llatria.domain.port.RateLimits;
import com.llatria.domain.port.RateLimits.Client;
import com.llatria.domain.port.RateLimits.Quota;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RedisRateLimitsTest extends RateLimitsContract {
    private final List<JedisPooled> pools = new ArrayList<>();

    @Override
    protected RateLimits freshLimits(MutableClock clock) {
        return instance(clock);
    }

    private RedisRateLimits instance(MutableClock clock) {
        return instance(clock, TestRedis.url());
    }

    private RedisRateLimits instance(MutableClock clock, String url) {
        JedisPooled pool = RedisConnections.pool(url, 8);
        pools.add(pool);
        return new RedisRateLimits(pool, clock, new InMemoryRateLimits(clock, 10_000));
    }

    @AfterEach
    void closePools() {
        pools.forEach(JedisPooled::close);
    }

    @Test
    void two_instances_share_one_budget() {
        RedisRateLimits first = instance(clock);
        RedisRateLimits second = instance(clock);
        Client client = anAddress();
        Quota quota = Quota.perMinute(10);
        for (int i = 0; i < 5; i++) assertThat(first.take(client, quota).allowed()).isTrue();
        for (int i = 0; i < 5; i++) assertThat(second.take(client, quota).allowed()).isTrue();

        assertThat(first.take(client, quota).allowed()).isFalse();
        assertThat(second.take(client, quota).allowed()).isFalse();
    }

    @Test
    void without_redis_the_instance_counts_alone_without_waiting_and_shares_again_once_redis_is_back() throws Exception {
        RedisRateLimits limits = instance(clock);
        Client client = anAddress();
        Quota quota = Quota.perMinute(5);
        limits.take(client, quota);
        TestRedis.stop();
        try {
            long start = System.nanoTime();
            int allowed = 0;
            for (int i = 0; i < 200; i++) if (limits.take(client, quota).allowed()) allowed++;
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(limits.fallingBack()).isTrue();
            // still limited (by this instance alone), and no request waited on the dead Redis more than once
            assertThat(allowed).isEqualTo(5);
            assertThat(tookMs).isLessThan(2_000);
        } finally {
            TestRedis.restart();
        }
        long back = System.nanoTime();
        while (limits.fallingBack() && System.nanoTime() - back < 5_000_000_000L) {
            limits.take(anAddress(), quota);
            Thread.sleep(20);
        }
        long recoveredMs = (System.nanoTime() - back) / 1_000_000;
        assertThat(limits.fallingBack()).isFalse();
        assertThat(recoveredMs).isLessThan(1_000);
        // counted in Redis again: a second instance sees this instance's takes
        Client shared = anAddress();
        for (int i = 0; i < 5; i++) limits.take(shared, quota);
        assertThat(instance(clock).take(shared, quota).allowed()).isFalse();
    }

    /**
     * Finding S.10: a Redis restart breaks every pooled connection; the shared budgets must be used
     * again at the first request, not after one failure and a half-second pause per connection.
     */
    @Test
    void after_a_redis_restart_the_first_request_is_counted_in_redis_again() {
        JedisPooled eight = RedisConnections.pool(TestRedis.url(), 8);
        pools.add(eight);
        RedisRateLimits limits = new RedisRateLimits(eight, clock, new InMemoryRateLimits(clock, 10_000));
        Quota quota = Quota.perMinute(5);
        limits.take(anAddress(), quota);
        // eight live pooled connections, all broken by the restart below
        List<redis.clients.jedis.Connection> opened = new ArrayList<>();
        for (int i = 0; i < 8; i++) opened.add(eight.getPool().getResource());
        opened.forEach(redis.clients.jedis.Connection::close);
        assertThat(eight.getPool().getNumIdle()).isEqualTo(8);
        TestRedis.stop();
        TestRedis.restart();

        Client shared = anAddress();
        for (int i = 0; i < 5; i++) {
            assertThat(limits.take(shared, quota).allowed()).as("take %d after the restart", i).isTrue();
            assertThat(limits.fallingBack()).as("falling back after take %d", i).isFalse();
        }
        // counted in Redis: another instance finds the budget spent
        assertThat(instance(clock).take(shared, quota).allowed()).isFalse();
    }

    /** A Redis that stops answering without closing anything (a network partition): the worst case for a timeout. */
    @Test
    void a_silent_redis_holds_no_request_past_its_timeout() throws Exception {
        try (FreezableProxy proxy = new FreezableProxy(TestRedis.port())) {
            RedisRateLimits limits = instance(clock, "redis://127.0.0.1:" + proxy.port());
            Quota quota = Quota.perMinute(1000);
            limits.take(anAddress(), quota);
            proxy.freeze();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            List<java.util.concurrent.Future<Long>> slowest = new ArrayList<>();
            long began = System.nanoTime();
            try {
                for (int t = 0; t < 8; t++) {
                    slowest.add(pool.submit(() -> {
                        long worst = 0;
                        Client client = anAddress();
                        for (int i = 0; i < 40; i++) {
                            long start = System.nanoTime();
                            assertThat(limits.take(client, quota).allowed()).isTrue();
                            worst = Math.max(worst, (System.nanoTime() - start) / 1_000_000);
                            Thread.sleep(10);
                        }
                        return worst;
                    }));
                }
                for (var f : slowest) {
                    // the 500 ms socket timeout, and slack for a loaded machine; never the seconds a hang would take
                    assertThat(f.get()).isLessThan(1_500);
                }
                // and only the first requests (and one probe each half second) wait at all: 320 takes waiting
                // their timeout each would take 20 s
                assertThat((System.nanoTime() - began) / 1_000_000).isLessThan(6_000);
            } finally {
                pool.shutdownNow();
            }
            assertThat(limits.fallingBack()).isTrue();

            proxy.thaw();
            long back = System.nanoTime();
            while (limits.fallingBack() && System.nanoTime() - back < 5_000_000_000L) {
                limits.take(anAddress(), quota);
                Thread.sleep(20);
            }
            assertThat(limits.fallingBack()).isFalse();
            assertThat((System.nanoTime() - back) / 1_000_000).isLessThan(1_500);
        }
    }
}
