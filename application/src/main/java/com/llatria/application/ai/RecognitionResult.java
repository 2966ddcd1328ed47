package com.llatria.application.ai;

import com.llatria.application.inventory.ItemView;
import com.llatria.domain.ai.AiUsage;
import com.llatria.domain.ai.PhotoHash;
import com.llatria.domain.ai.Recognition;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A recognition as the assistant answers it: the validated fields, who answered and what it
 * cost, whether the cache or a second provider was involved, near-duplicate photos recognised
 * before, and the item it was stored on, applied to or created as (when asked).
 */
public record RecognitionResult(Recognition recognition, AiUsage usage, PhotoHash photos, boolean cached, boolean escalated,
                                Instant recognizedAt, List<SimilarItem> similarItems, Optional<ItemView> item, Timings timings) {
    public RecognitionResult {
        Objects.requireNonNull(timings, "timings");
        Objects.requireNonNull(recognition, "recognition");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(photos, "photos");
        Objects.requireNonNull(recognizedAt, "recognizedAt");
        Objects.requireNonNull(item, "item");
        similarItems = List.copyOf(similarItems);
    }

    /**
     * Where the time of the provider request that answered went, for the {@code Server-Timing}
     * header (zero for a cache hit): making the JPEGs sent to the provider (decode, resize,
     * re-encode), and the provider exchange itself (through the gate, the allowance reservation
     * included, with any retry and escalation).
     */
    public record Timings(Duration encoding, Duration provider) {
        public static final Timings NONE = new Timings(Duration.ZERO, Duration.ZERO);

        public Timings {
            Objects.requireNonNull(encoding, "encoding");
            Objects.requireNonNull(provider, "provider");
        }
    }

    /** An earlier recognition of photos that look like these (perceptual-hash distance in bits). */
    public record SimilarItem(int distance, Recognition recognition, Instant recognizedAt) {
    }
}
