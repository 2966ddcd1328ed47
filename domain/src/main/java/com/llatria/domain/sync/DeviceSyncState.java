package com.llatria.domain.sync;

import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.Objects;

/** Where one of the owner's devices stands: its last applied mutation id and its last pull cursor. */
public record DeviceSyncState(UserId owner, DeviceId device, long lastMutationId, long lastPullCursor, Instant lastSeen) {
    public DeviceSyncState {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(lastSeen, "lastSeen");
        if (lastMutationId < 0 || lastPullCursor < 0) throw new IllegalArgumentException("ids and cursors are >= 0");
    }

    public static DeviceSyncState fresh(UserId owner, DeviceId device, Instant now) {
        return new DeviceSyncState(owner, device, 0, 0, now);
    }

    public DeviceSyncState applied(long mutationId, Instant now) {
        return new DeviceSyncState(owner, device, Math.max(lastMutationId, mutationId), lastPullCursor, now);
    }

    public DeviceSyncState pulled(long cursor, Instant now) {
        return new DeviceSyncState(owner, device, lastMutationId, cursor, now);
    }
}
