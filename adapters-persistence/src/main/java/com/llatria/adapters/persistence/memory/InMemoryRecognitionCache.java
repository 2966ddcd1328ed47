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
 * when full, expired entries go first, then the oldest. Looks (perceptual hashes) are kept per
 * owner, as in Redis: a near-duplicate lookup reads the owner's own only.
 */
public final class InMemoryRecognitionCache implements RecognitionCache {
    private record Entry<T>(T value, Instant expiresAt) {
    }

    private final Map<PhotoHash, Entry<CachedRecognition>> entries = new ConcurrentHashMap<>();
    /** Per owner: a lookup scans one seller's photos, never everyone's, and one seller's burst evicts only their own. */
    private final Map<UserId, Map<PhotoHash, Entry<PerceptualHash>>> looks = new ConcurrentHashMap<>();
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
        if (looks.values().stream().mapToInt(Map::size).sum() >= capacity) makeRoomForLooks();
        Entry<PerceptualHash> entry = new Entry<>(look, clock.instant().plus(ttl));
        looks.compute(owner, (o, mine) -> {
            Map<PhotoHash, Entry<PerceptualHash>> kept = mine == null ? new ConcurrentHashMap<>() : mine;
            kept.put(key, entry);
            return kept;
        });
    }

    /** Expired looks go first, then the oldest of the seller holding the most: a flood pushes out only the flooder's own. */
    private synchronized void makeRoomForLooks() {
        Instant now = clock.instant();
        looks.values().forEach(mine -> mine.entrySet().removeIf(e -> !e.getValue().expiresAt().isAfter(now)));
        looks.keySet().forEach(owner -> looks.computeIfPresent(owner, (o, mine) -> mine.isEmpty() ? null : mine));
        if (looks.values().stream().mapToInt(Map::size).sum() < capacity) return;
        looks.values().stream().max(Comparator.comparingInt(Map::size)).ifPresent(this::evict);
    }

    @Override
    public List<SimilarRecognition> similar(UserId owner, PerceptualHash look, int maxDistance) {
        if (maxDistance >= PerceptualHash.BANDS) throw new IllegalArgumentException("the bands find distances up to " + (PerceptualHash.BANDS - 1));
        Map<PhotoHash, Entry<PerceptualHash>> mine = looks.get(owner);
        if (mine == null) return List.of();
        Instant now = clock.instant();
        return mine.entrySet().stream()
                .filter(e -> e.getValue().expiresAt().isAfter(now))
                .filter(e -> e.getValue().value().distance(look) <= maxDistance)
                .flatMap(e -> find(e.getKey()).stream()
                        .map(cached -> new SimilarRecognition(e.getKey(), e.getValue().value().distance(look), cached)))
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
