package com.llatria.domain.item;

import com.llatria.domain.sync.Hlc;

import java.util.Objects;

/** When a field was last written: the writer's HLC stamp and the owner's version it was written at. */
public record FieldStamp(Hlc stamp, long version) {
    public FieldStamp {
        Objects.requireNonNull(stamp, "stamp");
    }
}
