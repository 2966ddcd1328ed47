package com.llatria.adapters.persistence.memory;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.contract.SyncFeedContract;

class InMemorySyncFeedTest extends SyncFeedContract {
    @Override
    protected Persistence freshPersistence() {
        return Persistence.inMemory();
    }
}
