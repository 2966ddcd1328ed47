package com.llatria.domain.posting;

import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An OAuth consent in progress: the {@code state} value sent to the platform (stored only as a
 * hash) names the user who started it; single use, short-lived. {@code bindingHash}: the hash of
 * the nonce the starting browser holds in a cookie, so a consent opened in anyone else's browser
 * connects nothing (empty only for consents stored before binding existed, which then need the
 * signed-in owner).
 */
public record ConsentRequest(String stateHash, UserId owner, Platform platform, Instant expiresAt,
                             Optional<String> bindingHash) {
    public ConsentRequest {
        Objects.requireNonNull(stateHash, "stateHash");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(bindingHash, "bindingHash");
    }
}
