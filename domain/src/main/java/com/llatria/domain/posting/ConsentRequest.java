package com.llatria.domain.posting;

import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.Objects;

/**
 * An OAuth consent in progress: the {@code state} value sent to the platform (stored only as a
 * hash) binds the callback to the user who started it; single use, short-lived.
 */
public record ConsentRequest(String stateHash, UserId owner, Platform platform, Instant expiresAt) {
    public ConsentRequest {
        Objects.requireNonNull(stateHash, "stateHash");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
