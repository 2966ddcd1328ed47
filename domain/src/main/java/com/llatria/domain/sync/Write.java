package com.llatria.domain.sync;

import java.util.Objects;

/** One field's new value as a device wrote it. */
public record Write<V>(V value, Hlc stamp) {
    public Write {
        Objects.requireNonNull(stamp, "stamp");
    }
}
