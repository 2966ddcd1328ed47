package com.llatria.domain.ai;

import java.util.Objects;

/** A validated answer from a model and what it cost. */
public record AiAnswer<T>(T value, AiUsage usage) {
    public AiAnswer {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(usage, "usage");
    }
}
