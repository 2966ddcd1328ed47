package com.llatria.application.inventory;

import com.llatria.domain.sync.Hlc;

import java.time.Instant;
import java.util.Objects;

/** What a write is stamped with: the owner's new version, the time, and the server's HLC reading. */
public record WriteStamp(long version, Instant at, Hlc hlc) {
    public WriteStamp {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(hlc, "hlc");
    }
}
