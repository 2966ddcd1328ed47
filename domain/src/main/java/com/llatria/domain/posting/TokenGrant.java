package com.llatria.domain.posting;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Tokens a platform handed out. {@link #toString()} shows no token. */
public record TokenGrant(String accessToken, Duration accessLifetime, Optional<String> refreshToken,
                         Optional<Duration> refreshLifetime, List<String> scopes, Optional<String> account) {
    public TokenGrant {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(accessLifetime, "accessLifetime");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(refreshLifetime, "refreshLifetime");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(account, "account");
    }

    @Override
    public String toString() {
        return "TokenGrant[accessLifetime=" + accessLifetime + ", scopes=" + scopes + ", account=" + account + "]";
    }
}
