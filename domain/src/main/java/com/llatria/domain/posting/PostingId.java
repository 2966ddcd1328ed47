package com.llatria.domain.posting;

import java.util.Objects;
import java.util.UUID;

public record PostingId(UUID value) {
    public PostingId {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
