package com.llatria.domain.posting;

import java.time.Duration;
import java.time.Instant;

/**
 * Exponential backoff between attempts: base, 2×base, 4×base, … up to a cap; after
 * {@code maxAttempts} failed attempts in a row a posting stops retrying by itself.
 */
public record RetryPolicy(Duration base, Duration cap, int maxAttempts) {
    public static final int DEFAULT_MAX_ATTEMPTS = 8;
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(30), Duration.ofHours(1));

    public RetryPolicy {
        if (base.isNegative() || base.isZero()) throw new IllegalArgumentException("base must be positive");
        if (cap.compareTo(base) < 0) throw new IllegalArgumentException("cap must be >= base");
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
    }

    public RetryPolicy(Duration base, Duration cap) {
        this(base, cap, DEFAULT_MAX_ATTEMPTS);
    }

    /** When to try again after {@code attempts} failed attempts in a row. */
    public Instant nextRetry(Instant failedAt, int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        Duration delay = base.multipliedBy(1L << doublings);
        return failedAt.plus(delay.compareTo(cap) > 0 ? cap : delay);
    }
}
