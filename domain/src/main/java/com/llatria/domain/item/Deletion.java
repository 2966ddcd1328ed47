package com.llatria.domain.item;

import com.llatria.domain.sync.Hlc;

import java.time.Instant;
import java.util.Objects;

/** The tombstone of a deleted item. */
public record Deletion(Instant at, Hlc stamp) {
    public Deletion {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(stamp, "stamp");
    }
}
