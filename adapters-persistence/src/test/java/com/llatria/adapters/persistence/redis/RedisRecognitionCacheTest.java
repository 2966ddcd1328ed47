package com.llatria.adapters.persistence.redis;

import com.llatria.adapters.persistence.contract.RecognitionCacheContract;
import com.llatria.adapters.persistence.testing.TestRedis;
import com.llatria.domain.ai.PhotoHash;
import com.llatria.domain.ai.RecognitionCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPooled;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RedisRecognitionCacheTest extends RecognitionCacheContract {
    private static JedisPooled redis;

    @Override
    protected RecognitionCache freshCache() {
        if (redis == null) redis = RedisConnections.pool(TestRedis.url(), 4);
        return new RedisRecognitionCache(redis);
    }

    @AfterAll
    static void close() {
        if (redis != null) redis.close();
        redis = null;
    }

    @Test
    void without_redis_nothing_is_cached_nothing_fails_and_nothing_waits_then_it_recovers_within_a_second() throws Exception {
        // Its own one-connection pool: each pooled connection the restart broke fails once (and rests
        // the cache a second), so the shared pool's count, which the racing tests raise, would decide the timing.
        JedisPooled single = RedisConnections.pool(TestRedis.url(), 1);
        cache = new RedisRecognitionCache(single);
        try {
            outageAndRecovery();
        } finally {
            single.close();
        }
    }

    @Test
    void after_a_redis_restart_every_pooled_connection_is_replaced_and_the_cache_works_at_once() {
        JedisPooled four = RedisConnections.pool(TestRedis.url(), 4);
        cache = new RedisRecognitionCache(four);
        try {
            // Four live pooled connections, all broken by the restart below.
            List<Connection> opened = new ArrayList<>();
            for (int i = 0; i < 4; i++) opened.add(four.getPool().getResource());
            opened.forEach(Connection::close);
            assertThat(four.getPool().getNumIdle()).isEqualTo(4);
            TestRedis.stop();
            TestRedis.restart();

            for (int i = 0; i < 6; i++) {
                PhotoHash key = aKey();
                cache.put(key, aRecognition("after the restart " + i), DAY);
                assertThat(cache.find(key)).as("call %d after the restart", i).isPresent();
            }
        } finally {
            four.close();
        }
    }

    private void outageAndRecovery() throws Exception {
        PhotoHash key = aKey();
        cache.put(key, aRecognition("kept"), DAY);
        TestRedis.stop();
        try {
            long started = System.nanoTime();
            assertThat(cache.find(key)).isEmpty();
            cache.put(aKey(), aRecognition("dropped"), DAY);
            assertThat(cache.find(key)).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_500));
        } finally {
            TestRedis.restart();
        }
        Thread.sleep(1_100);
        PhotoHash again = aKey();
        cache.put(again, aRecognition("back"), DAY);
        assertThat(cache.find(again)).isPresent();
    }
}
