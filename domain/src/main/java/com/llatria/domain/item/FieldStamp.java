package com.llatria.domain.item;

import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.Hlc;

import java.util.Map;
import java.util.Objects;

/**
 * When a field was last written: the writer's HLC stamp and the owner's version it was written
 * at; and, per device, the latest of that device's synced writes to the field that the server has
 * merged (see {@code Register.seen}), so that a replayed write records no second conflict.
 */
public record FieldStamp(Hlc stamp, long version, Map<DeviceId, Hlc> seen) {
    public FieldStamp {
        Objects.requireNonNull(stamp, "stamp");
        seen = Map.copyOf(seen);
    }

    public FieldStamp(Hlc stamp, long version) {
        this(stamp, version, Map.of());
    }

    /** The field rewritten by {@code newStamp}, remembering the devices seen so far. */
    public FieldStamp rewritten(Hlc newStamp, long newVersion) {
        return new FieldStamp(newStamp, newVersion, seen);
    }
}
