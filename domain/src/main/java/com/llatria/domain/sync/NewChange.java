package com.llatria.domain.sync;

import com.llatria.domain.item.ItemId;

import java.time.Instant;
import java.util.Objects;

/**
 * A write about to be appended to the change log; the log assigns its version. Every change is a
 * change to an item: photos and postings are the item's child rows and change it with them.
 */
public record NewChange(ItemId item, ChangeKind kind, DeviceId device, Instant at) {
    public NewChange {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(at, "at");
    }
}
