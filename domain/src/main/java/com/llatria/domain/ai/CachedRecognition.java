package com.llatria.domain.ai;

import java.time.Instant;
import java.util.Objects;

/** A recognition kept for its photos: the answer, what it cost, and when it was made. */
public record CachedRecognition(Recognition recognition, AiUsage usage, Instant recognizedAt) {
    public CachedRecognition {
        Objects.requireNonNull(recognition, "recognition");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(recognizedAt, "recognizedAt");
    }
}
