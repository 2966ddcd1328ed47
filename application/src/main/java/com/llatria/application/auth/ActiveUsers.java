package com.llatria.application.auth;

import com.llatria.domain.user.UserId;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Which users were recently seen, whether active and with which session epoch, so that
 * checking an access token's user costs a map lookup instead of a database query on every
 * request. Every answer is remembered for {@link #TTL}, "not active" too (a deactivation is for
 * good). A deactivation or password change done in this process takes effect here at once; one
 * done by another instance of the server reaches this one through the event bus, or at the
 * latest when the entry runs out ({@link #TTL}). At most {@link #MAX_ENTRIES} users are
 * remembered, deactivated ones included (finding S.24: kept for good, they filled the cache).
 *
 * <p>A look-up that read the row just before a deactivation or password change committed cannot
 * undo what that change put here; otherwise a look-up takes the database's answer as it is (also
 * a database restored to an earlier epoch: finding S.25).
 */
final class ActiveUsers {
    static final Duration TTL = Duration.ofSeconds(30);
    static final int MAX_ENTRIES = 10_000;

    /** Until {@code until} (then asked again): active with sessions of {@code epoch} and later valid, or not active. */
    private record Entry(Instant until, long epoch, boolean active) {
    }

    private final Map<UserId, Entry> entries = new ConcurrentHashMap<>();

    /** The epoch of the user's valid sessions if the account exists and is active, else empty. */
    OptionalLong epoch(UserId user, Instant now, Function<UserId, OptionalLong> lookUp) {
        Entry seen = entries.get(user);
        if (seen != null && now.isBefore(seen.until())) return seen.active() ? OptionalLong.of(seen.epoch()) : OptionalLong.empty();
        OptionalLong found = lookUp.apply(user);
        if (entries.size() >= MAX_ENTRIES) makeRoom(now);
        Entry read = new Entry(now.plus(TTL), found.orElse(0), found.isPresent());
        Entry merged = entries.compute(user, (id, old) -> {
            if (old == null || old == seen) return read;
            // Changed while the row was read: a deactivation stands; a raised epoch is newer than what was read.
            if (!old.active()) return new Entry(read.until(), 0, false);
            if (!read.active()) return read;
            return new Entry(read.until(), Math.max(old.epoch(), read.epoch()), true);
        });
        return merged.active() ? OptionalLong.of(merged.epoch()) : OptionalLong.empty();
    }

    /**
     * Sessions before {@code epoch} have ended (a password change, here or told by another
     * instance). A user not cached gets an entry that is already due, so the next check reads the
     * database, and the epoch is kept against a look-up racing this.
     */
    void raise(UserId user, long epoch, Instant now) {
        entries.compute(user, (id, old) -> old == null ? new Entry(now, epoch, true)
                : !old.active() ? old : new Entry(old.until(), Math.max(old.epoch(), epoch), true));
    }

    /** The account was deactivated: not active from now on (the database says so after the entry runs out). */
    void deactivated(UserId user, Instant now) {
        entries.put(user, new Entry(now.plus(TTL), 0, false));
    }

    int size() {
        return entries.size();
    }

    private void makeRoom(Instant now) {
        entries.values().removeIf(entry -> !now.isBefore(entry.until()));
        if (entries.size() >= MAX_ENTRIES) entries.clear();
    }
}
