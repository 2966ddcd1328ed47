package com.llatria.domain.user;

import java.util.Objects;
import java.util.UUID;

/** One stored refresh token. */
public record RefreshTokenId(UUID value) {
    public RefreshTokenId {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
