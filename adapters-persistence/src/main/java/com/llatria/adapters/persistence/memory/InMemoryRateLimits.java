package com.llatria.adapters.persistence.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.llatria.domain.port.RateLimits;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

import java.time.Clock;
import java.time.Duration;

/**
 * Token buckets (Bucket4j) in this process. At most {@code maxClients} buckets are kept (the
 * least recently used go first), so a client rotating addresses cannot grow memory: a bucket
 * dropped that way belonged to a client idle longer than the rest, and comes back full.
 */
public final class InMemoryRateLimits implements RateLimits {
    private final Cache<String, Bucket> buckets;
    private final TimeMeter time;

    public InMemoryRateLimits(Clock clock, long maxClients) {
        this.time = timeMeter(clock);
        this.buckets = Caffeine.newBuilder().maximumSize(maxClients)
                // an idle bucket refills in at most a quota's period; kept longer it would be full anyway
                .expireAfterAccess(Duration.ofMinutes(10)).build();
    }

    @Override
    public Verdict take(Client client, Quota quota) {
        Bucket bucket = buckets.get(key(client, quota), k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(quota.requests()).refillGreedy(quota.requests(), quota.per()))
                .withCustomTimePrecision(time).build());
        return verdict(bucket.tryConsumeAndReturnRemaining(1));
    }

    /** How many buckets are held now (for tests of the bound). */
    public long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    static String key(Client client, Quota quota) {
        return client.key() + "|" + quota.requests() + "/" + quota.per().toMillis();
    }

    public static Verdict verdict(ConsumptionProbe probe) {
        return probe.isConsumed() ? Verdict.allow(probe.getRemainingTokens())
                : Verdict.refuse(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Bucket4j reads time from the injected clock, so tests move time instead of sleeping. */
    public static TimeMeter timeMeter(Clock clock) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }
}
