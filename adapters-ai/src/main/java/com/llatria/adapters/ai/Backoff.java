package com.llatria.adapters.ai;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How a provider call is retried: at most {@code maxAttempts} tries, waiting an exponentially
 * growing, jittered delay between them (never less than the provider's Retry-After), and giving
 * up at once when the provider asks for a wait longer than {@code longestWait}: a request thread
 * is not parked for a minute; the client is told when to come back instead.
 */
public record Backoff(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration longestWait) {
    public static final Backoff DEFAULT = new Backoff(3, Duration.ofMillis(250), Duration.ofSeconds(2), Duration.ofSeconds(5));

    public Backoff {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(longestWait, "longestWait");
        if (maxAttempts < 1) throw new IllegalArgumentException("at least one attempt");
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) throw new IllegalArgumentException("0 <= baseDelay <= maxDelay");
    }

    /**
     * The wait before attempt {@code failedAttempts + 1}: base × 2^(n-1), capped, then "equal
     * jitter" (a uniform pick in its upper half, so racing clients spread out but none retries
     * at once), and at least what the provider asked for.
     */
    public Duration delay(int failedAttempts, Optional<Duration> retryAfter, RandomGenerator random) {
        long base = baseDelay.toMillis();
        long exponential = Math.min(maxDelay.toMillis(), base << Math.min(Math.max(failedAttempts - 1, 0), 20));
        long half = exponential / 2;
        long jittered = half + (half > 0 ? random.nextLong(half + 1) : 0);
        long floor = retryAfter.map(Duration::toMillis).orElse(0L);
        return Duration.ofMillis(Math.max(jittered, floor));
    }
}
