package com.llatria.adapters.persistence.postgres;

import com.llatria.adapters.persistence.postgres.jooq.tables.records.SyncDevicesRecord;
import com.llatria.domain.port.SyncDevices;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.DeviceSyncState;
import com.llatria.domain.user.UserId;
import org.jooq.DSLContext;

import java.time.Instant;
import java.util.Optional;

import static com.llatria.adapters.persistence.postgres.jooq.Tables.SYNC_DEVICES;

public final class JooqSyncDevices implements SyncDevices {
    private final DSLContext dsl;

    public JooqSyncDevices(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public Optional<DeviceSyncState> find(UserId owner, DeviceId device) {
        return dsl.selectFrom(SYNC_DEVICES)
                .where(SYNC_DEVICES.OWNER_ID.eq(owner.value()).and(SYNC_DEVICES.DEVICE_ID.eq(device.value())))
                .fetchOptional()
                .map(JooqSyncDevices::toState);
    }

    @Override
    public boolean claim(UserId owner, DeviceId device, long mutationId, Instant now) {
        // One statement: the upsert takes the row's lock either way; the WHERE makes it write (and
        // return the row) only for a newer id. A duplicate updates nothing yet still holds the lock.
        boolean claimed = dsl.insertInto(SYNC_DEVICES)
                .set(SYNC_DEVICES.OWNER_ID, owner.value())
                .set(SYNC_DEVICES.DEVICE_ID, device.value())
                .set(SYNC_DEVICES.LAST_MUTATION_ID, mutationId)
                .set(SYNC_DEVICES.LAST_PULL_CURSOR, 0L)
                .set(SYNC_DEVICES.LAST_SEEN_AT, Timestamps.toDb(now))
                .onConflict(SYNC_DEVICES.OWNER_ID, SYNC_DEVICES.DEVICE_ID)
                .doUpdate()
                .set(SYNC_DEVICES.LAST_MUTATION_ID, mutationId)
                .set(SYNC_DEVICES.LAST_SEEN_AT, Timestamps.toDb(now))
                .where(SYNC_DEVICES.LAST_MUTATION_ID.lt(mutationId))
                .execute() == 1;
        return claimed;
    }

    @Override
    public void pulled(UserId owner, DeviceId device, long cursor, Instant now) {
        // One statement, committed on its own: no lock is held past it, and the mutation id is not touched.
        dsl.insertInto(SYNC_DEVICES)
                .set(SYNC_DEVICES.OWNER_ID, owner.value())
                .set(SYNC_DEVICES.DEVICE_ID, device.value())
                .set(SYNC_DEVICES.LAST_MUTATION_ID, 0L)
                .set(SYNC_DEVICES.LAST_PULL_CURSOR, cursor)
                .set(SYNC_DEVICES.LAST_SEEN_AT, Timestamps.toDb(now))
                .onConflict(SYNC_DEVICES.OWNER_ID, SYNC_DEVICES.DEVICE_ID)
                .doUpdate()
                .set(SYNC_DEVICES.LAST_PULL_CURSOR, cursor)
                .set(SYNC_DEVICES.LAST_SEEN_AT, Timestamps.toDb(now))
                .execute();
    }

    private static DeviceSyncState toState(SyncDevicesRecord r) {
        return new DeviceSyncState(new UserId(r.getOwnerId()), new DeviceId(r.getDeviceId()), r.getLastMutationId(),
                r.getLastPullCursor(), Timestamps.fromDb(r.getLastSeenAt()));
    }
}
