package com.llatria.domain.sync;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's copy of one entity as sync sees it: a register per field, a tombstone once
 * deleted, and, once a deleted entity has been restored, the restore's stamp ({@code restored}):
 * a delete stamped before it had not seen the restore and does not undo it. {@code deletesSeen}
 * holds, per device, the latest stamp (as sent, before any clamp) of that device's deletes
 * merged into the entity, as a register's {@code seen} does for writes: a delete at or below it
 * was merged before, and merging it again changes nothing. It outlives a restore, so a delete
 * sent again under a new mutation id cannot undo the restore (finding 7.12).
 */
public record Replica<F, V>(Map<F, Register<V>> fields, Optional<Tombstone> tombstone, Optional<Hlc> restored,
                            Map<DeviceId, Hlc> deletesSeen) {
    public Replica {
        fields = Map.copyOf(fields);
        Objects.requireNonNull(tombstone, "tombstone");
        Objects.requireNonNull(restored, "restored");
        deletesSeen = Map.copyOf(deletesSeen);
    }

    public Replica(Map<F, Register<V>> fields, Optional<Tombstone> tombstone, Optional<Hlc> restored) {
        this(fields, tombstone, restored, Map.of());
    }

    public Replica(Map<F, Register<V>> fields, Optional<Tombstone> tombstone) {
        this(fields, tombstone, Optional.empty());
    }

    /** Whether a delete with this stamp (as sent) was merged into this entity before. */
    public boolean hasSeenDelete(Hlc sent) {
        Hlc latest = deletesSeen.get(sent.device());
        return latest != null && !sent.isAfter(latest);
    }

    public boolean deleted() {
        return tombstone.isPresent();
    }

    public V value(F field) {
        Register<V> register = fields.get(field);
        return register == null ? null : register.value();
    }
}
