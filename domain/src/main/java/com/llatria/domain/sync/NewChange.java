package com.llatria.domain.sync;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A write about to be appended to the change log; the log assigns its version. */
public record NewChange(EntityType entityType, UUID entityId, ChangeKind kind, DeviceId device, Instant at) {
    public NewChange {
        Objects.requireNonNull(entityType, "entityType");
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(at, "at");
    }
}
