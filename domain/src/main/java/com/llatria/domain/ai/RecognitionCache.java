package com.llatria.domain.ai;

import com.llatria.domain.user.UserId;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Recognitions by photo content, so the same photo never costs two provider calls within the
 * time to live. A cache is an optimisation: an adapter whose backing store is unavailable
 * answers "not cached" and drops writes rather than failing the request.
 */
public interface RecognitionCache {
    Optional<CachedRecognition> find(PhotoHash key);

    void put(PhotoHash key, CachedRecognition value, Duration ttl);

    /**
     * Claims the filling of {@code key} for at most {@code lease}, so that concurrent requests
     * for the same photos make one provider call on every instance sharing this cache: true for
     * one claimant at a time, until it releases the claim or the lease runs out. A cache whose
     * store is unavailable says true (an extra provider call beats a failed request).
     */
    boolean tryClaim(PhotoHash key, String claimant, Duration lease);

    /** Gives up {@code claimant}'s claim on {@code key}, if it still holds it (never another's). */
    void release(PhotoHash key, String claimant);

    /** Remembers that the owner's photos recognised under {@code key} look like {@code look}. */
    void rememberLook(UserId owner, PerceptualHash look, PhotoHash key, Duration ttl);

    /**
     * The owner's earlier recognitions whose photos look like {@code look}, at most
     * {@code maxDistance} bits apart (below {@link PerceptualHash#BANDS}), nearest first.
     */
    List<SimilarRecognition> similar(UserId owner, PerceptualHash look, int maxDistance);

    record SimilarRecognition(PhotoHash key, int distance, CachedRecognition cached) {
    }
}
