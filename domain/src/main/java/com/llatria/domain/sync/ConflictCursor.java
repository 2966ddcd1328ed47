package com.llatria.domain.sync;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Where a page of conflicts ended: conflicts are ordered by (version, id). Text form {@code 17.<uuid>}. */
public record ConflictCursor(long version, ConflictId id) {
    public ConflictCursor {
        Objects.requireNonNull(id, "id");
    }

    public static ConflictCursor after(RecordedConflict conflict) {
        return new ConflictCursor(conflict.version(), conflict.id());
    }

    public String encode() {
        return version + "." + id;
    }

    public static Optional<ConflictCursor> decode(String text) {
        int dot = text.indexOf('.');
        if (dot < 1) return Optional.empty();
        try {
            return Optional.of(new ConflictCursor(Long.parseLong(text.substring(0, dot)),
                    new ConflictId(UUID.fromString(text.substring(dot + 1)))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code conflict} comes after this cursor. */
    public boolean before(RecordedConflict conflict) {
        if (conflict.version() != version) return conflict.version() > version;
        return conflict.id().value().toString().compareTo(id.value().toString()) > 0;
    }
}
