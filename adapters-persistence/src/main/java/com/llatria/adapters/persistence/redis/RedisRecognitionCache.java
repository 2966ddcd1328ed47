package com.llatria.adapters.persistence.redis;

import com.llatria.domain.ai.CachedRecognition;
import com.llatria.domain.ai.PerceptualHash;
import com.llatria.domain.ai.PhotoHash;
import com.llatria.domain.ai.RecognitionCache;
import com.llatria.domain.user.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Recognitions in Redis, shared by every instance: {@code llatria:ai:rec:<sha256>} holds the
 * JSON with the cache's time to live. Near-duplicates are found through eight sets per owner,
 * one per byte of the perceptual hash ({@code llatria:ai:look:<owner>:<band>:<value>}): two
 * hashes at most 7 bits apart agree on at least one byte, so the union of eight small sets
 * holds every candidate.
 *
 * <p>Redis being away must not fail or slow requests: each command has the connection's short
 * timeouts, a failure counts as "not cached", and for the next second Redis is not asked at all.
 * A connection broken by a Redis restart is not such a failure: the idle connections are dropped
 * and the command is sent once more on a new one, so the cache works again at once.
 */
public final class RedisRecognitionCache implements RecognitionCache {
    private static final Logger LOG = LoggerFactory.getLogger(RedisRecognitionCache.class);
    private static final Duration REST_AFTER_FAILURE = Duration.ofSeconds(1);
    private static final String PREFIX = "llatria:ai:";
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private final JedisPooled redis;
    private volatile long restingUntil;

    public RedisRecognitionCache(JedisPooled redis) {
        this.redis = redis;
    }

    @Override
    public Optional<CachedRecognition> find(PhotoHash key) {
        return guarded("find", () -> Optional.ofNullable(redis.get(PREFIX + "rec:" + key.hex())).map(RecognitionJson::read), Optional.empty());
    }

    @Override
    public void put(PhotoHash key, CachedRecognition value, Duration ttl) {
        guarded("put", () -> redis.set(PREFIX + "rec:" + key.hex(), RecognitionJson.write(value), SetParams.setParams().px(ttl.toMillis())), null);
    }

    /** {@code llatria:ai:claim:<sha256>} holds the claimant, set only if absent, gone after the lease. */
    @Override
    public boolean tryClaim(PhotoHash key, String claimant, Duration lease) {
        return guarded("tryClaim", () -> "OK".equals(redis.set(PREFIX + "claim:" + key.hex(), claimant,
                SetParams.setParams().nx().px(Math.max(1, lease.toMillis())))), true);
    }

    /** Deletes the claim only if it is still this claimant's (its lease may have run out and another taken it). */
    @Override
    public void release(PhotoHash key, String claimant) {
        guarded("release", () -> redis.eval(RELEASE, List.of(PREFIX + "claim:" + key.hex()), List.of(claimant)), null);
    }

    @Override
    public void rememberLook(UserId owner, PerceptualHash look, PhotoHash key, Duration ttl) {
        guarded("rememberLook", () -> {
            try (AbstractPipeline pipe = redis.pipelined()) {
                for (int band = 0; band < PerceptualHash.BANDS; band++) {
                    String set = bandKey(owner, band, look.band(band));
                    pipe.sadd(set, look.hex() + ":" + key.hex());
                    pipe.pexpire(set, ttl.toMillis());
                }
                pipe.sync();
            }
            return null;
        }, null);
    }

    @Override
    public List<SimilarRecognition> similar(UserId owner, PerceptualHash look, int maxDistance) {
        if (maxDistance >= PerceptualHash.BANDS) throw new IllegalArgumentException("the bands find distances up to " + (PerceptualHash.BANDS - 1));
        return guarded("similar", () -> {
            String[] sets = new String[PerceptualHash.BANDS];
            for (int band = 0; band < PerceptualHash.BANDS; band++) sets[band] = bandKey(owner, band, look.band(band));
            Set<String> members = redis.sunion(sets);
            List<String> keys = new ArrayList<>();
            List<Integer> distances = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (String member : members) {
                String[] parts = member.split(":", 2);
                int distance = PerceptualHash.fromHex(parts[0]).distance(look);
                if (distance <= maxDistance && seen.add(parts[1])) {
                    keys.add(parts[1]);
                    distances.add(distance);
                }
            }
            if (keys.isEmpty()) return List.<SimilarRecognition>of();
            List<String> values = redis.mget(keys.stream().map(k -> PREFIX + "rec:" + k).toArray(String[]::new));
            List<SimilarRecognition> found = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                if (values.get(i) != null) {
                    found.add(new SimilarRecognition(new PhotoHash(keys.get(i)), distances.get(i), RecognitionJson.read(values.get(i))));
                }
            }
            found.sort(Comparator.comparingInt(SimilarRecognition::distance).thenComparing(s -> s.key().hex()));
            return found;
        }, List.of());
    }

    private static String bandKey(UserId owner, int band, int value) {
        return PREFIX + "look:" + owner + ":" + band + ":" + value;
    }

    private <T> T guarded(String operation, Supplier<T> work, T fallback) {
        if (System.nanoTime() - restingUntil < 0) return fallback;
        try {
            return work.get();
        } catch (JedisConnectionException broken) {
            if (timedOut(broken)) return rest(operation, broken, fallback);
            // A Redis restart breaks every pooled connection at once: drop the idle ones and try
            // once more on a fresh connection, rather than fail once per pooled connection. The
            // command never reached the new server, so sending it again is safe.
            redis.getPool().clear();
            try {
                return work.get();
            } catch (JedisException again) {
                return rest(operation, again, fallback);
            }
        } catch (JedisException e) {
            return rest(operation, e, fallback);
        }
    }

    /** A Redis that does not answer in time is not asked again at once: the retry would cost a second timeout. */
    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) return true;
        }
        return false;
    }

    private <T> T rest(String operation, JedisException e, T fallback) {
        restingUntil = System.nanoTime() + REST_AFTER_FAILURE.toNanos();
        LOG.warn("Redis cache {} failed, carrying on without the cache for {} ms: {}", operation, REST_AFTER_FAILURE.toMillis(), e.toString());
        return fallback;
    }
}
