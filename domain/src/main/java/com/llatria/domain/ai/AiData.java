package com.llatria.domain.ai;

import com.llatria.domain.item.ItemId;
import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** An item's recognition (the design's ai_data row, one per item) and who produced it. */
public record AiData(ItemId item, UserId owner, Recognition recognition, AiUsage usage, Optional<PhotoHash> photos,
                     Instant createdAt, Instant updatedAt) {
    public AiData {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(recognition, "recognition");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(photos, "photos");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
