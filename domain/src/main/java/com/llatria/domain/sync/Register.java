package com.llatria.domain.sync;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A last-writer-wins register: a field's value, the stamp of the write that set it, the server
 * version at which it last changed (to tell a concurrent write from one that saw it), and, per
 * device, the latest stamp of that device's writes to this field that the server has merged,
 * won or lost ({@code seen}). A device's stamps only grow, so a write at or below its device's
 * entry has been merged before: a replay, which must not record its conflict a second time.
 * Values are compared with {@code equals}; null stands for "no value".
 *
 * <p>{@code seen} keeps the {@link #MAX_SEEN} devices with the latest writes: device ids come from
 * clients (a reinstall, or a buggy client, makes new ones), and every one would otherwise stay on
 * every field of the item for good. A forgotten device only matters if one of its old writes
 * reaches the merge again, which push's mutation ids already prevent; it would then be recorded
 * as a conflict a second time, and still never change the value (every seen stamp is at or below
 * the register's own).
 */
public record Register<V>(V value, Hlc stamp, long changedAtVersion, Map<DeviceId, Hlc> seen) {
    public static final int MAX_SEEN = 16;

    public Register {
        Objects.requireNonNull(stamp, "stamp");
        seen = Map.copyOf(seen);
    }

    public Register(V value, Hlc stamp, long changedAtVersion) {
        this(value, stamp, changedAtVersion, Map.of(stamp.device(), stamp));
    }

    public boolean sameValue(V other) {
        return Objects.equals(value, other);
    }

    /** Whether a write with this stamp was merged into this register before (or is the one that set it). */
    public boolean hasSeen(Hlc write) {
        if (write.equals(stamp)) return true;
        Hlc latest = seen.get(write.device());
        return latest != null && !write.isAfter(latest);
    }

    /** The register after merging a write that lost: same value, the write (as sent) remembered. */
    Register<V> remembering(Hlc write) {
        return new Register<>(value, stamp, changedAtVersion, withSeen(seen, write));
    }

    /** The register after a winning write; {@code sent} is its stamp as the device sent it (before a clamp). */
    Register<V> overwrittenBy(V newValue, Hlc write, Hlc sent, long version) {
        return new Register<>(newValue, write, version, withSeen(seen, sent));
    }

    static Map<DeviceId, Hlc> withSeen(Map<DeviceId, Hlc> seen, Hlc write) {
        Map<DeviceId, Hlc> next = new HashMap<>(seen);
        next.merge(write.device(), write, (a, b) -> a.isAfter(b) ? a : b);
        if (next.size() <= MAX_SEEN) return next;
        Map<DeviceId, Hlc> latest = new HashMap<>();
        next.values().stream().sorted(java.util.Comparator.reverseOrder()).limit(MAX_SEEN)
                .forEach(stamp -> latest.put(stamp.device(), stamp));
        return latest;
    }
}
