package com.llatria.domain.posting;

import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A seller's platform account as a durable job: asked for its sales now and then. Sales up to
 * {@code checkedUntil} have been seen; the next check is due at {@code dueAt}; {@code problem}
 * says why the last check failed, for the seller to see.
 */
public record SaleCheck(UserId owner, Platform platform, Instant checkedUntil, Instant dueAt, Optional<String> problem) {
    public SaleCheck {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(checkedUntil, "checkedUntil");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(problem, "problem");
    }

    /** Checked: sales up to {@code until} are seen; next at {@code next}. */
    public SaleCheck checked(Instant until, Instant next) {
        return new SaleCheck(owner, platform, until, next, Optional.empty());
    }

    /**
     * The check did not run through (it failed on our side, the database away for a moment):
     * nothing about the account changes, and the same window is asked again at {@code next}.
     */
    public SaleCheck deferred(Instant next) {
        return new SaleCheck(owner, platform, checkedUntil, next, problem);
    }

    /** The check failed: the same window is asked again at {@code next}. */
    public SaleCheck failed(String why, Instant next) {
        return new SaleCheck(owner, platform, checkedUntil, next, Optional.of(why));
    }
}
