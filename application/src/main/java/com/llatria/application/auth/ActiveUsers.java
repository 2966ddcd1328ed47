package com.llatria.application.auth;

import com.llatria.domain.user.UserId;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Which users were recently seen active, so that checking an access token's user costs a map
 * lookup instead of a database query on every request. Only "active" is remembered, for
 * {@link #TTL}; an unknown or deactivated user is asked about every time. A deactivation done in
 * this process takes effect here at once; one done by another instance of the server takes at
 * most {@link #TTL} to reach this one. At most {@link #MAX_ENTRIES} users are remembered.
 */
final class ActiveUsers {
    static final Duration TTL = Duration.ofSeconds(30);
    static final int MAX_ENTRIES = 10_000;
    /** Marks a user deactivated here: never cached again in this process (a check racing the deactivation cannot re-add it). */
    private static final Instant GONE = Instant.MIN;

    private final Map<UserId, Instant> activeUntil = new ConcurrentHashMap<>();

    boolean isActive(UserId user, Instant now, Predicate<UserId> lookUp) {
        Instant until = activeUntil.get(user);
        if (until != null && until != GONE && now.isBefore(until)) return true;
        boolean active = lookUp.test(user);
        if (active) {
            if (activeUntil.size() >= MAX_ENTRIES) makeRoom(now);
            activeUntil.compute(user, (id, old) -> old == GONE ? GONE : now.plus(TTL));
        } else {
            activeUntil.computeIfPresent(user, (id, old) -> old == GONE ? GONE : null);
        }
        return active;
    }

    void deactivated(UserId user) {
        activeUntil.put(user, GONE);
    }

    int size() {
        return activeUntil.size();
    }

    private void makeRoom(Instant now) {
        activeUntil.values().removeIf(until -> until != GONE && !now.isBefore(until));
        if (activeUntil.size() >= MAX_ENTRIES) activeUntil.values().removeIf(until -> until != GONE);
    }
}
