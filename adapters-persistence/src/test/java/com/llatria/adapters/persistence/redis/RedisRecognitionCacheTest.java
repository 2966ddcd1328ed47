package com.llatria.adapters.persistence.redis;

import com.llatria.adapters.persistence.contract.RecognitionCacheContract;
import com.llatria.adapters.persistence.testing.TestRedis;
import com.llatria.domain.ai.PhotoHash;
import com.llatria.domain.ai.RecognitionCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

import java.time.Duration;

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
