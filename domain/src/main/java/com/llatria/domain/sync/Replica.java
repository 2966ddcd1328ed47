package com.llatria.domain.sync;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's copy of one entity as sync sees it: a register per field, a tombstone once
 * deleted, and, once a deleted entity has been restored, the restore's stamp ({@code restored}):
 * a delete stamped before it had not seen the restore and does not undo it.
 */
public record Replica<F, V>(Map<F, Register<V>> fields, Optional<Tombstone> tombstone, Optional<Hlc> restored) {
    public Replica {
        fields = Map.copyOf(fields);
        Objects.requireNonNull(tombstone, "tombstone");
        Objects.requireNonNull(restored, "restored");
    }

    public Replica(Map<F, Register<V>> fields, Optional<Tombstone> tombstone) {
        this(fields, tombstone, Optional.empty());
    }

    public boolean deleted() {
        return tombstone.isPresent();
    }

    public V value(F field) {
        Register<V> register = fields.get(field);
        return register == null ? null : register.value();
    }
}
