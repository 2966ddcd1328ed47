package com.llatria.domain.sync;

import java.util.Objects;

/**
 * One field's new value as a device wrote it. {@code stamp} orders it against other writes;
 * {@code sent} is the stamp as the device sent it, which differs only when the server clamped a
 * clock running too far ahead ({@link HybridLogicalClock#receive}). Registers remember the sent
 * stamp as seen, so the same write sent again is recognised even though a second clamp would
 * give it a new, later stamp.
 */
public record Write<V>(V value, Hlc stamp, Hlc sent) {
    public Write {
        Objects.requireNonNull(stamp, "stamp");
        Objects.requireNonNull(sent, "sent");
        if (!sent.device().equals(stamp.device())) throw new IllegalArgumentException("a clamped stamp keeps its device");
    }

    public Write(V value, Hlc stamp) {
        this(value, stamp, stamp);
    }
}
