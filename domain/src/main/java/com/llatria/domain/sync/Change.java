package com.llatria.domain.sync;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a device changed on one entity: the fields it wrote (with their stamps), or a delete,
 * and the server version the device had seen when it made the change. {@code deleteSent} is the
 * delete's stamp as the device sent it, {@code delete} as the merge orders it (clamped when the
 * device's clock ran too far ahead): as for {@link Write#sent}, the sent stamp is remembered, so
 * the same delete sent again is recognised although a second clamp gives it a new stamp.
 */
public record Change<F, V>(DeviceId device, long baseVersion, Map<F, Write<V>> writes, Optional<Hlc> delete,
                           Optional<Hlc> deleteSent) {
    public Change {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(delete, "delete");
        Objects.requireNonNull(deleteSent, "deleteSent");
        if (delete.isPresent() != deleteSent.isPresent()) throw new IllegalArgumentException("a delete has both stamps");
        if (delete.isPresent() && !delete.get().device().equals(deleteSent.get().device())) {
            throw new IllegalArgumentException("a clamped stamp keeps its device");
        }
        writes = Map.copyOf(writes);
    }

    /** A change whose delete (if any) was not clamped. */
    public Change(DeviceId device, long baseVersion, Map<F, Write<V>> writes, Optional<Hlc> delete) {
        this(device, baseVersion, writes, delete, delete);
    }

    public static <F, V> Change<F, V> edit(DeviceId device, long baseVersion, Map<F, Write<V>> writes) {
        return new Change<>(device, baseVersion, writes, Optional.empty());
    }

    public static <F, V> Change<F, V> deletion(DeviceId device, long baseVersion, Hlc stamp) {
        return new Change<>(device, baseVersion, Map.of(), Optional.of(stamp));
    }

    /** A delete whose stamp {@code sent} the server clamped to {@code stamp}. */
    public static <F, V> Change<F, V> deletion(DeviceId device, long baseVersion, Hlc stamp, Hlc sent) {
        return new Change<>(device, baseVersion, Map.of(), Optional.of(stamp), Optional.of(sent));
    }
}
