package com.llatria.domain.sync;

import java.util.Objects;

/**
 * A last-writer-wins register: a field's value, the stamp of the write that set it, and the
 * server version at which it last changed (to tell a concurrent write from one that saw it).
 * Values are compared with {@code equals}; null stands for "no value".
 */
public record Register(Object value, Hlc stamp, long changedAtVersion) {
    public Register {
        Objects.requireNonNull(stamp, "stamp");
    }

    public boolean sameValue(Object other) {
        return Objects.equals(value, other);
    }
}
