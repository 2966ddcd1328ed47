package com.llatria.adapters.persistence.memory;

import com.llatria.domain.port.SyncDevices;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.DeviceSyncState;
import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.Optional;

/** The store's one lock already serialises transactions, so {@link #lock} needs nothing more. */
public final class InMemorySyncDevices implements SyncDevices {
    private final InMemoryStore store;

    public InMemorySyncDevices(InMemoryStore store) {
        this.store = store;
    }

    @Override
    public DeviceSyncState lock(UserId owner, DeviceId device, Instant now) {
        return store.locked(() -> store.syncDevices.computeIfAbsent(new InMemoryStore.DeviceKey(owner, device),
                key -> DeviceSyncState.fresh(owner, device, now)));
    }

    @Override
    public Optional<DeviceSyncState> find(UserId owner, DeviceId device) {
        return store.locked(() -> Optional.ofNullable(store.syncDevices.get(new InMemoryStore.DeviceKey(owner, device))));
    }

    @Override
    public void save(DeviceSyncState state) {
        store.locked(() -> {
            store.syncDevices.put(new InMemoryStore.DeviceKey(state.owner(), state.device()), state);
        });
    }
}
