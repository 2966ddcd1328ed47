package com.llatria.domain.sync;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a device changed on one entity: the fields it wrote (with their stamps), or a delete,
 * and the server version the device had seen when it made the change.
 */
public record Change<F, V>(DeviceId device, long baseVersion, Map<F, Write<V>> writes, Optional<Hlc> delete) {
    public Change {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(delete, "delete");
        writes = Map.copyOf(writes);
    }

    public static <F, V> Change<F, V> edit(DeviceId device, long baseVersion, Map<F, Write<V>> writes) {
        return new Change<>(device, baseVersion, writes, Optional.empty());
    }

    public static <F, V> Change<F, V> deletion(DeviceId device, long baseVersion, Hlc stamp) {
        return new Change<>(device, baseVersion, Map.of(), Optional.of(stamp));
    }
}
