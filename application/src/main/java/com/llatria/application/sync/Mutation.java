package com.llatria.application.sync;

import com.llatria.application.UseCaseException;
import com.llatria.domain.item.ItemField;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemValue;
import com.llatria.domain.sync.Hlc;
import com.llatria.domain.sync.Write;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One change a device pushes, identified by its per-device, increasing {@code mutationId}. */
public sealed interface Mutation {
    long mutationId();

    /** Create the item, or write some of its fields; each field carries the device's HLC stamp. */
    record Upsert(long mutationId, ItemId id, long baseVersion, Map<ItemField, Write<ItemValue>> fields) implements Mutation {
        public Upsert {
            Objects.requireNonNull(id, "id");
            fields = Map.copyOf(fields);
        }
    }

    record Delete(long mutationId, ItemId id, long baseVersion, Hlc stamp) implements Mutation {
        public Delete {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(stamp, "stamp");
        }
    }

    /**
     * A mutation the adapter could not read (a malformed value, an unknown operation). It is
     * still processed: recorded as rejected with its problem, so it never blocks the ones after it.
     * {@code id} and {@code sent} (the synced fields it named, by wire name, or {@code "deleted"}
     * for a delete) are what could be read of it: the answer lists them as kept out and brings
     * the item back as it stands (finding 7.23).
     */
    record Unreadable(long mutationId, UseCaseException problem, Optional<ItemId> id, List<String> sent) implements Mutation {
        public Unreadable {
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(id, "id");
            sent = List.copyOf(sent);
        }

        public Unreadable(long mutationId, UseCaseException problem) {
            this(mutationId, problem, Optional.empty(), List.of());
        }
    }
}
