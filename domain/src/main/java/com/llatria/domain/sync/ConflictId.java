package com.llatria.domain.sync;

import java.util.Objects;
import java.util.UUID;

public record ConflictId(UUID value) {
    public ConflictId {
        Objects.requireNonNull(value, "value");
    }

    public static ConflictId of(String text) {
        return new ConflictId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
