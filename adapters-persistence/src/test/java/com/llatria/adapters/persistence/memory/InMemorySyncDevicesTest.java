package com.llatria.adapters.persistence.memory;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.contract.SyncDevicesContract;

class InMemorySyncDevicesTest extends SyncDevicesContract {
    @Override
    protected Persistence freshPersistence() {
        return Persistence.inMemory();
    }
}
