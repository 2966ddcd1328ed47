package com.llatria.domain.image;

import java.util.Objects;
import java.util.UUID;

public record ImageId(UUID value) {
    public ImageId {
        Objects.requireNonNull(value, "value");
    }

    public static ImageId of(String text) {
        return new ImageId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
