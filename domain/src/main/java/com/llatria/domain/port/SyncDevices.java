package com.llatria.domain.port;

import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.DeviceSyncState;
import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.Optional;

/** Each device's push and pull progress, per owner. */
public interface SyncDevices {
    /**
     * The device's state, locked until the current transaction ends so that two pushes of one
     * device apply one after the other; a device never seen starts fresh. Call inside a transaction.
     */
    DeviceSyncState lock(UserId owner, DeviceId device, Instant now);

    Optional<DeviceSyncState> find(UserId owner, DeviceId device);

    void save(DeviceSyncState state);
}
