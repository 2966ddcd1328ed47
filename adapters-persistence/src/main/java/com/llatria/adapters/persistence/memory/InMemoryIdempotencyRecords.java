package com.llatria.adapters.persistence.memory;

import com.llatria.domain.port.IdempotencyRecords;
import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** Idempotency records in a map; each claim is one atomic compute on its key. */
public final class InMemoryIdempotencyRecords implements IdempotencyRecords {
    private record Entry(String fingerprint, ClaimToken token, Instant createdAt, Instant lockedUntil,
                         Optional<StoredResponse> response) {
    }

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();

    @Override
    public Claim claim(Key key, String fingerprint, ClaimToken token, Instant now, Instant lockedUntil, Instant expiredBefore) {
        AtomicReference<Claim> outcome = new AtomicReference<>();
        entries.compute(key, (k, old) -> {
            boolean free = old == null || old.createdAt().isBefore(expiredBefore)
                    || (old.response().isEmpty() && old.lockedUntil().isBefore(now) && old.fingerprint().equals(fingerprint));
            if (free) {
                outcome.set(new Claim.Claimed());
                return new Entry(fingerprint, token, now, lockedUntil, Optional.empty());
            }
            if (!old.fingerprint().equals(fingerprint)) outcome.set(new Claim.Mismatch());
            else if (old.response().isPresent()) outcome.set(new Claim.Completed(old.response().get()));
            else outcome.set(new Claim.InProgress(old.lockedUntil()));
            return old;
        });
        return outcome.get();
    }

    @Override
    public boolean complete(Key key, ClaimToken token, StoredResponse response) {
        AtomicReference<Boolean> done = new AtomicReference<>(false);
        entries.computeIfPresent(key, (k, old) -> {
            if (!old.token().equals(token) || old.response().isPresent()) return old;
            done.set(true);
            return new Entry(old.fingerprint(), token, old.createdAt(), old.lockedUntil(), Optional.of(response));
        });
        return done.get();
    }

    @Override
    public void release(Key key, ClaimToken token) {
        entries.computeIfPresent(key, (k, old) -> old.token().equals(token) && old.response().isEmpty() ? null : old);
    }

    @Override
    public Set<ClaimToken> renew(Collection<Held> claims, Instant lockedUntil) {
        Set<ClaimToken> renewed = new HashSet<>();
        for (Held held : claims) {
            entries.computeIfPresent(held.key(), (k, old) -> {
                if (!old.token().equals(held.token()) || old.response().isPresent()) return old;
                renewed.add(held.token());
                return new Entry(old.fingerprint(), old.token(), old.createdAt(), lockedUntil, Optional.empty());
            });
        }
        return renewed;
    }

    @Override
    public synchronized int trim(UserId user, int maxRecords, long maxBytes) {
        List<Map.Entry<Key, Entry>> answered = new ArrayList<>();
        entries.forEach((key, entry) -> {
            if (key.user().equals(user) && entry.response().isPresent()) answered.add(Map.entry(key, entry));
        });
        // newest first, as the PostgreSQL adapter orders them
        answered.sort(Comparator.comparing((Map.Entry<Key, Entry> e) -> e.getValue().createdAt()).reversed()
                .thenComparing(e -> e.getKey().value()));
        int removed = 0;
        long bytes = 0;
        for (int i = 0; i < answered.size(); i++) {
            Map.Entry<Key, Entry> e = answered.get(i);
            bytes += e.getValue().response().get().body().length;
            if (i >= maxRecords || bytes > maxBytes) {
                if (entries.remove(e.getKey(), e.getValue())) removed++;
            }
        }
        return removed;
    }

    @Override
    public int purgeCreatedBefore(Instant cutoff) {
        int before = entries.size();
        entries.values().removeIf(e -> e.createdAt().isBefore(cutoff));
        return Math.max(0, before - entries.size());
    }
}
