package com.llatria.domain.port;

import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.DeviceSyncState;
import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.Optional;

/** Each device's push and pull progress, per owner. */
public interface SyncDevices {
    Optional<DeviceSyncState> find(UserId owner, DeviceId device);

    /**
     * Push's idempotency check and record in one step: if {@code mutationId} is above the device's
     * last applied one, stores it as the last (a device never seen starts at 0) and answers true;
     * otherwise changes nothing and answers false (a duplicate). Either way the device's row stays
     * locked until the current transaction ends, so two pushes of one device take turns, and a
     * rolled-back transaction takes the claim back with it. Call inside a transaction.
     */
    boolean claim(UserId owner, DeviceId device, long mutationId, Instant now);

    /**
     * Records the device's last pull cursor (and that it was seen {@code now}), creating its row if
     * new, in one step that leaves every other part of its state alone; needs no transaction.
     */
    void pulled(UserId owner, DeviceId device, long cursor, Instant now);
}
