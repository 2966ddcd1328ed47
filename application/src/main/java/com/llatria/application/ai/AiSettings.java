package com.llatria.application.ai;

import java.time.Duration;
import java.util.Objects;

/**
 * The assistant's limits.
 *
 * @param dailyLimit            provider calls per user per UTC day: every HTTP request sent to a provider counts (a
 *                              first try, each retry, an escalation to the other provider); cache hits are free
 * @param maxConcurrentCalls    provider calls in flight on this instance; more are answered 503 with Retry-After
 * @param gateWait              how long a request may wait for one of those slots before being turned away
 * @param cacheTtl              how long a recognition is kept for its photos (the design's 24 hours)
 * @param similarDistance       how many of the 64 perceptual-hash bits may differ for a photo to count as a near-duplicate
 * @param deadline              the most one request may spend on providers: every attempt, retry and wait, with
 *                              both providers, and the wait for another instance asking for the same photos
 */
public record AiSettings(int dailyLimit, int maxConcurrentCalls, Duration gateWait, Duration cacheTtl, int similarDistance,
                         Duration deadline) {
    public static final AiSettings DEFAULT = new AiSettings(50, 8, Duration.ofMillis(250), Duration.ofHours(24), 6, Duration.ofSeconds(60));
    /**
     * Recognitions past the cache that one user may have in progress at once (asking a provider,
     * or waiting for the same photos' answer); more are turned away at once with 503, so one
     * user's burst cannot hold the server's request threads.
     */
    public static final int MAX_WAITING_PER_USER = 4;
    /** Recognitions past the cache in progress on an instance, per provider call it may make at once. */
    public static final int WAITING_PER_CALL = 4;
    /** Photos sent to a model at once; the first ones of an item are the ones that show it. */
    public static final int MAX_PHOTOS = 4;
    /** Gemini takes at most 20 MB of inline data per request; base64 adds a third. */
    public static final long MAX_TOTAL_BYTES = 14L * 1024 * 1024;

    public AiSettings {
        Objects.requireNonNull(gateWait, "gateWait");
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.isNegative() || deadline.isZero()) throw new IllegalArgumentException("deadline > 0");
        if (dailyLimit < 0) throw new IllegalArgumentException("dailyLimit >= 0");
        if (maxConcurrentCalls < 1) throw new IllegalArgumentException("maxConcurrentCalls >= 1");
        if (similarDistance < 0 || similarDistance > 7) throw new IllegalArgumentException("similarDistance 0-7");
    }

    public AiSettings withDailyLimit(int value) {
        return new AiSettings(value, maxConcurrentCalls, gateWait, cacheTtl, similarDistance, deadline);
    }

    public AiSettings withMaxConcurrentCalls(int value) {
        return new AiSettings(dailyLimit, value, gateWait, cacheTtl, similarDistance, deadline);
    }

    public AiSettings withDeadline(Duration value) {
        return new AiSettings(dailyLimit, maxConcurrentCalls, gateWait, cacheTtl, similarDistance, value);
    }
}
