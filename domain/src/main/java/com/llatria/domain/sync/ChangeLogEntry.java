package com.llatria.domain.sync;

import com.llatria.domain.item.ItemId;
import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.Objects;

/** One write to a user's data, at the user's version that ordered it. */
public record ChangeLogEntry(UserId owner, long version, ItemId item, ChangeKind kind, DeviceId device, Instant at) {
    public ChangeLogEntry {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(at, "at");
        if (version < 1) throw new IllegalArgumentException("version starts at 1");
    }

    public EntityType entityType() {
        return EntityType.ITEM;
    }
}
