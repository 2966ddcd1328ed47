package com.llatria.domain.sync;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The server's copy of one entity as sync sees it: a register per field, and a tombstone once deleted. */
public record Replica<F, V>(Map<F, Register<V>> fields, Optional<Tombstone> tombstone) {
    public Replica {
        fields = Map.copyOf(fields);
        Objects.requireNonNull(tombstone, "tombstone");
    }

    public boolean deleted() {
        return tombstone.isPresent();
    }

    public V value(F field) {
        Register<V> register = fields.get(field);
        return register == null ? null : register.value();
    }
}
