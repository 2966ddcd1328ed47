package com.llatria.application.auth;

import com.llatria.domain.user.UserId;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Which users were recently seen active, and their session epoch, so that checking an access
 * token's user costs a map lookup instead of a database query on every request. Only "active" is
 * remembered, for {@link #TTL}; an unknown or deactivated user is asked about every time. A
 * deactivation or password change done in this process takes effect here at once; one done by
 * another instance of the server reaches this one through the event bus, or at the latest when
 * the entry runs out ({@link #TTL}). At most {@link #MAX_ENTRIES} users are remembered.
 *
 * <p>A look-up that read the row just before a password change committed cannot undo the
 * change's raise of the entry; otherwise a look-up takes the database's epoch as it is.
 */
final class ActiveUsers {
    static final Duration TTL = Duration.ofSeconds(30);
    static final int MAX_ENTRIES = 10_000;

    /** Active until {@code until} (then asked again), with sessions of {@code epoch} and later valid. */
    private record Entry(Instant until, long epoch) {
    }

    /** Marks a user deactivated here: never cached again in this process (a check racing the deactivation cannot re-add it). */
    private static final Entry GONE = new Entry(Instant.MIN, Long.MAX_VALUE);

    private final Map<UserId, Entry> entries = new ConcurrentHashMap<>();

    /** The epoch of the user's valid sessions if the account exists and is active, else empty. */
    OptionalLong epoch(UserId user, Instant now, Function<UserId, OptionalLong> lookUp) {
        Entry seen = entries.get(user);
        if (seen != null && seen != GONE && now.isBefore(seen.until())) return OptionalLong.of(seen.epoch());
        OptionalLong found = lookUp.apply(user);
        if (found.isEmpty()) {
            entries.computeIfPresent(user, (id, old) -> old == GONE ? GONE : null);
            return found;
        }
        if (entries.size() >= MAX_ENTRIES) makeRoom(now);
        // The database's epoch, unless the entry was raised while it was read (that raise is newer
        // than what was read); so the cache follows the database, also one restored to an earlier epoch.
        Entry merged = entries.compute(user, (id, old) -> old == GONE ? GONE
                : new Entry(now.plus(TTL), old == null || old == seen ? found.getAsLong() : Math.max(old.epoch(), found.getAsLong())));
        return merged == GONE ? found : OptionalLong.of(merged.epoch());
    }

    /**
     * Sessions before {@code epoch} have ended (a password change, here or told by another
     * instance). A user not cached gets an entry that is already due, so the next check reads the
     * database, and the epoch is kept against a look-up racing this.
     */
    void raise(UserId user, long epoch, Instant now) {
        entries.compute(user, (id, old) -> old == GONE ? GONE
                : old == null ? new Entry(now, epoch) : new Entry(old.until(), Math.max(old.epoch(), epoch)));
    }

    void deactivated(UserId user) {
        entries.put(user, GONE);
    }

    int size() {
        return entries.size();
    }

    private void makeRoom(Instant now) {
        entries.values().removeIf(entry -> entry != GONE && !now.isBefore(entry.until()));
        if (entries.size() >= MAX_ENTRIES) entries.values().removeIf(entry -> entry != GONE);
    }
}
