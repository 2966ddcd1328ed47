package com.llatria.domain.user;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * An account. {@code updatedAt} moves when the profile or password changes (not on sign-in,
 * which is {@code lastLogin}); a deactivated account keeps its data but can no longer sign in
 * or use its tokens. {@code sessionEpoch} counts the password changes: a session (and every
 * access token) belongs to the epoch it began in, and one from an earlier epoch has ended.
 */
public record User(
        UserId id,
        Email email,
        Optional<UserName> name,
        String passwordHash,
        Instant createdAt,
        Instant updatedAt,
        Optional<Instant> lastLogin,
        boolean active,
        long sessionEpoch) {

    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(lastLogin, "lastLogin");
        if (updatedAt.isBefore(createdAt)) throw new IllegalArgumentException("updatedAt is before createdAt");
        if (sessionEpoch < 0) throw new IllegalArgumentException("sessionEpoch is negative");
    }

    /** A new, active account that has not signed in yet. */
    public User(UserId id, Email email, Optional<UserName> name, String passwordHash, Instant createdAt) {
        this(id, email, name, passwordHash, createdAt, createdAt, Optional.empty(), true, 0);
    }

    /** A new, active account with no name. */
    public User(UserId id, Email email, String passwordHash, Instant createdAt) {
        this(id, email, Optional.empty(), passwordHash, createdAt);
    }

    public User renamed(Optional<UserName> newName, Instant at) {
        return new User(id, email, newName, passwordHash, createdAt, nextUpdate(at), lastLogin, active, sessionEpoch);
    }

    /** A new password ends every session begun with the old one: the next epoch starts. */
    public User withPasswordHash(String newHash, Instant at) {
        return new User(id, email, name, newHash, createdAt, nextUpdate(at), lastLogin, active, sessionEpoch + 1);
    }

    public User loggedIn(Instant at) {
        Instant last = lastLogin.filter(previous -> previous.isAfter(at)).orElse(at);
        return new User(id, email, name, passwordHash, createdAt, updatedAt, Optional.of(last), active, sessionEpoch);
    }

    public User deactivated(Instant at) {
        return new User(id, email, name, passwordHash, createdAt, nextUpdate(at), lastLogin, false, sessionEpoch);
    }

    /**
     * Strictly after the previous update, even if the clock says otherwise (two updates in one
     * microsecond, or a clock stepped back), so that {@code updatedAt} orders a user's changes.
     */
    private Instant nextUpdate(Instant at) {
        Instant floor = updatedAt.plus(1, ChronoUnit.MICROS);
        return at.isBefore(floor) ? floor : at;
    }
}
