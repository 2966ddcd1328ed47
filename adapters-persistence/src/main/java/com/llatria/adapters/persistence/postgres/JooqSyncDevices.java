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
    public DeviceSyncState lock(UserId owner, DeviceId device, Instant now) {
        // The upsert creates the row if needed and holds its lock until the transaction ends.
        return toState(dsl.insertInto(SYNC_DEVICES)
                .set(SYNC_DEVICES.OWNER_ID, owner.value())
                .set(SYNC_DEVICES.DEVICE_ID, device.value())
                .set(SYNC_DEVICES.LAST_MUTATION_ID, 0L)
                .set(SYNC_DEVICES.LAST_PULL_CURSOR, 0L)
                .set(SYNC_DEVICES.LAST_SEEN_AT, Timestamps.toDb(now))
                .onConflict(SYNC_DEVICES.OWNER_ID, SYNC_DEVICES.DEVICE_ID)
                .doUpdate()
                .set(SYNC_DEVICES.LAST_SEEN_AT, SYNC_DEVICES.LAST_SEEN_AT)
                .returning()
                .fetchOne());
    }

    @Override
    public Optional<DeviceSyncState> find(UserId owner, DeviceId device) {
        return dsl.selectFrom(SYNC_DEVICES)
                .where(SYNC_DEVICES.OWNER_ID.eq(owner.value()).and(SYNC_DEVICES.DEVICE_ID.eq(device.value())))
                .fetchOptional()
                .map(JooqSyncDevices::toState);
    }

    @Override
    public void save(DeviceSyncState state) {
        dsl.insertInto(SYNC_DEVICES)
                .set(SYNC_DEVICES.OWNER_ID, state.owner().value())
                .set(SYNC_DEVICES.DEVICE_ID, state.device().value())
                .set(SYNC_DEVICES.LAST_MUTATION_ID, state.lastMutationId())
                .set(SYNC_DEVICES.LAST_PULL_CURSOR, state.lastPullCursor())
                .set(SYNC_DEVICES.LAST_SEEN_AT, Timestamps.toDb(state.lastSeen()))
                .onConflict(SYNC_DEVICES.OWNER_ID, SYNC_DEVICES.DEVICE_ID)
                .doUpdate()
                .set(SYNC_DEVICES.LAST_MUTATION_ID, state.lastMutationId())
                .set(SYNC_DEVICES.LAST_PULL_CURSOR, state.lastPullCursor())
                .set(SYNC_DEVICES.LAST_SEEN_AT, Timestamps.toDb(state.lastSeen()))
                .execute();
    }

    private static DeviceSyncState toState(SyncDevicesRecord r) {
        return new DeviceSyncState(new UserId(r.getOwnerId()), new DeviceId(r.getDeviceId()), r.getLastMutationId(),
                r.getLastPullCursor(), Timestamps.fromDb(r.getLastSeenAt()));
    }
}
