package com.llatria.domain.user;

import java.util.Objects;
import java.util.UUID;

/** The refresh tokens rotated from one sign-in: one session of one device. */
public record TokenFamilyId(UUID value) {
    public TokenFamilyId {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
