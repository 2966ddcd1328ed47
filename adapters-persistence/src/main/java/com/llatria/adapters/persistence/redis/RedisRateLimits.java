package com.llatria.adapters.persistence.redis;

import com.llatria.adapters.persistence.memory.InMemoryRateLimits;
import com.llatria.domain.port.RateLimits;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Token buckets in Redis (Bucket4j, compare-and-swap), shared by every instance. When Redis
 * cannot be reached, the budgets fall back to {@code fallback} (this instance's own, so each
 * instance then allows the quota by itself) for {@link #RETRY_AFTER}; then one request at a time
 * tries Redis again, the others still using the fallback meanwhile, so a Redis that is gone costs
 * at most one request per half second its timeout, and Redis is used again within half a
 * second of its return. Budgets restart full when Redis comes back empty.
 *
 * <p>A connection broken by a Redis restart is not Redis being away: the pool's idle connections
 * (all broken alike) are dropped and the request is sent once more on a new connection, so the
 * budgets are shared again at the first request after Redis returns, not after one failure and
 * one half-second pause per pooled connection (finding S.10; the AI cache does the same).
 */
public final class RedisRateLimits implements RateLimits {
    static final Duration RETRY_AFTER = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimits.class);

    private final UnifiedJedis redis;
    private final ProxyManager<byte[]> buckets;
    private final RateLimits fallback;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile long downUntilNanos;
    private volatile boolean down;

    public RedisRateLimits(UnifiedJedis redis, Clock clock, RateLimits fallback) {
        this.redis = redis;
        this.fallback = fallback;
        this.buckets = Bucket4jJedis.casBasedBuilder(redis)
                .clientClock(InMemoryRateLimits.timeMeter(clock))
                .requestTimeout(RedisConnections.SOCKET_TIMEOUT)
                // a key lives until its bucket would be full again (plus a margin), then Redis drops it
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
    }

    @Override
    public Verdict take(Client client, Quota quota) {
        boolean probe = false;
        if (down) {
            if (System.nanoTime() - downUntilNanos < 0 || !probing.compareAndSet(false, true)) {
                return fallback.take(client, quota);
            }
            probe = true;
        }
        try {
            Verdict verdict;
            try {
                verdict = takeFromRedis(client, quota);
            } catch (RuntimeException e) {
                if (!brokenConnection(e) || !(redis instanceof JedisPooled pooled)) throw e;
                // Redis restarted: every idle pooled connection is broken alike. Drop them and send the
                // request once more on a new connection (the first never reached the new Redis).
                pooled.getPool().clear();
                verdict = takeFromRedis(client, quota);
            }
            if (down) {
                down = false;
                LOG.info("Redis answers again: rate limits are shared by the instances again");
            }
            return verdict;
        } catch (RuntimeException e) {
            downUntilNanos = System.nanoTime() + RETRY_AFTER.toNanos();
            if (!down) LOG.warn("Redis cannot be reached ({}): rate limits are counted by this instance alone until it answers",
                    e.toString());
            down = true;
            return fallback.take(client, quota);
        } finally {
            if (probe) probing.set(false);
        }
    }

    private Verdict takeFromRedis(Client client, Quota quota) {
        byte[] key = ("llatria:rate:" + client.key() + ":" + quota.requests() + "/" + quota.per().toMillis())
                .getBytes(StandardCharsets.UTF_8);
        return InMemoryRateLimits.verdict(buckets.builder()
                .build(key, () -> BucketConfiguration.builder()
                        .addLimit(limit -> limit.capacity(quota.requests()).refillGreedy(quota.requests(), quota.per()))
                        .build())
                .tryConsumeAndReturnRemaining(1));
    }

    /**
     * A connection that failed other than by timing out (a silent Redis must cost its timeout once,
     * not twice): the restart case, where a new connection works at once.
     */
    private static boolean brokenConnection(Throwable e) {
        boolean broken = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) return false;
            if (t instanceof JedisConnectionException) broken = true;
        }
        return broken;
    }

    /** Whether the last attempt found Redis away (budgets are then this instance's own). */
    public boolean fallingBack() {
        return down;
    }
}
