package com.llatria.adapters.persistence.memory;

import com.llatria.domain.ai.CachedRecognition;
import com.llatria.domain.ai.PerceptualHash;
import com.llatria.domain.ai.PhotoHash;
import com.llatria.domain.ai.RecognitionCache;
import com.llatria.domain.user.UserId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recognitions in this process, for a server without Redis. At most {@code capacity} entries:
 * when full, expired entries go first, then the oldest.
 */
public final class InMemoryRecognitionCache implements RecognitionCache {
    private record Entry<T>(T value, Instant expiresAt) {
    }

    private record Look(UserId owner, PhotoHash key) {
    }

    private final Map<PhotoHash, Entry<CachedRecognition>> entries = new ConcurrentHashMap<>();
    private final Map<Look, Entry<PerceptualHash>> looks = new ConcurrentHashMap<>();
    private final Map<PhotoHash, Entry<String>> claims = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int capacity;

    public InMemoryRecognitionCache(Clock clock, int capacity) {
        this.clock = clock;
        this.capacity = capacity;
    }

    @Override
    public Optional<CachedRecognition> find(PhotoHash key) {
        Entry<CachedRecognition> entry = entries.get(key);
        if (entry == null) return Optional.empty();
        if (!entry.expiresAt().isAfter(clock.instant())) {
            entries.remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(entry.value());
    }

    @Override
    public void put(PhotoHash key, CachedRecognition value, Duration ttl) {
        if (entries.size() >= capacity) evict(entries);
        entries.put(key, new Entry<>(value, clock.instant().plus(ttl)));
    }

    @Override
    public boolean tryClaim(PhotoHash key, String claimant, Duration lease) {
        Instant now = clock.instant();
        Entry<String> mine = new Entry<>(claimant, now.plus(lease));
        // Atomic per key: a live claim of another stays, an expired one is replaced.
        return claims.compute(key, (k, held) -> held != null && held.expiresAt().isAfter(now) ? held : mine) == mine;
    }

    @Override
    public void release(PhotoHash key, String claimant) {
        claims.computeIfPresent(key, (k, held) -> held.value().equals(claimant) ? null : held);
    }

    @Override
    public void rememberLook(UserId owner, PerceptualHash look, PhotoHash key, Duration ttl) {
        if (looks.size() >= capacity) evict(looks);
        looks.put(new Look(owner, key), new Entry<>(look, clock.instant().plus(ttl)));
    }

    @Override
    public List<SimilarRecognition> similar(UserId owner, PerceptualHash look, int maxDistance) {
        if (maxDistance >= PerceptualHash.BANDS) throw new IllegalArgumentException("the bands find distances up to " + (PerceptualHash.BANDS - 1));
        Instant now = clock.instant();
        return looks.entrySet().stream()
                .filter(e -> e.getKey().owner().equals(owner) && e.getValue().expiresAt().isAfter(now))
                .filter(e -> e.getValue().value().distance(look) <= maxDistance)
                .flatMap(e -> find(e.getKey().key()).stream()
                        .map(cached -> new SimilarRecognition(e.getKey().key(), e.getValue().value().distance(look), cached)))
                .sorted(Comparator.comparingInt(SimilarRecognition::distance).thenComparing(s -> s.key().hex()))
                .toList();
    }

    private <K, T> void evict(Map<K, Entry<T>> map) {
        Instant now = clock.instant();
        map.entrySet().removeIf(e -> !e.getValue().expiresAt().isAfter(now));
        if (map.size() < capacity) return;
        map.entrySet().stream().sorted(Comparator.comparing(e -> e.getValue().expiresAt()))
                .limit(Math.max(1, capacity / 10)).map(Map.Entry::getKey).toList().forEach(map::remove);
    }
}
