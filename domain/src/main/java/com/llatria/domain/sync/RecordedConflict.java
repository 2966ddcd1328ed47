package com.llatria.domain.sync;

import com.llatria.domain.item.ItemField;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemValue;
import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A conflict the merge recorded on one of the owner's items, kept until the user resolves it.
 * {@code version} is the owner's version of the write that recorded it; {@code device} is the
 * device whose change met it.
 */
public record RecordedConflict(ConflictId id, UserId owner, ItemId item, long version, DeviceId device, Instant at,
                               Conflict<ItemField, ItemValue> conflict, Optional<Resolution> resolution) {
    public RecordedConflict {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(conflict, "conflict");
        Objects.requireNonNull(resolution, "resolution");
    }

    public boolean resolved() {
        return resolution.isPresent();
    }

    /** How the user settled it and when. */
    public record Resolution(Instant at, Choice choice) {
        public Resolution {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(choice, "choice");
        }
    }

    /**
     * Keep what the item has; take the value the merge decided against (or restore a deleted
     * item); or a new value. {@code MOOT}: settled by the server, not the user, because the field
     * came to hold the losing value anyway (finding 7.18).
     */
    public enum Choice {
        KEEP, TAKE, VALUE, MOOT
    }
}
