package com.llatria.domain.sync;

import java.util.Objects;

/** Marks a deleted entity. Pull returns it so that other devices delete their copy too. */
public record Tombstone(Hlc stamp) {
    public Tombstone {
        Objects.requireNonNull(stamp, "stamp");
    }
}
