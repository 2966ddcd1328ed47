package com.llatria.adapters.persistence.memory;

import com.llatria.domain.port.SyncDevices;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.DeviceSyncState;
import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.Optional;

/** The store's one lock already serialises transactions, so {@link #claim} needs nothing more. */
public final class InMemorySyncDevices implements SyncDevices {
    private final InMemoryStore store;

    public InMemorySyncDevices(InMemoryStore store) {
        this.store = store;
    }

    @Override
    public Optional<DeviceSyncState> find(UserId owner, DeviceId device) {
        return store.locked(() -> Optional.ofNullable(store.syncDevices.get(new InMemoryStore.DeviceKey(owner, device))));
    }

    @Override
    public boolean claim(UserId owner, DeviceId device, long mutationId, Instant now) {
        return store.locked(() -> {
            InMemoryStore.DeviceKey key = new InMemoryStore.DeviceKey(owner, device);
            DeviceSyncState state = store.syncDevices.getOrDefault(key, DeviceSyncState.fresh(owner, device, now));
            if (mutationId <= state.lastMutationId()) return false;
            store.syncDevices.put(key, state.applied(mutationId, now));
            return true;
        });
    }

    @Override
    public void pulled(UserId owner, DeviceId device, long cursor, Instant now) {
        store.locked(() -> {
            store.syncDevices.compute(new InMemoryStore.DeviceKey(owner, device),
                    (key, state) -> (state == null ? DeviceSyncState.fresh(owner, device, now) : state).pulled(cursor, now));
        });
    }
}
