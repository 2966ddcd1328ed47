package com.llatria.adapters.persistence.memory;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.contract.ItemRepositoryContract;

class InMemoryItemRepositoryTest extends ItemRepositoryContract {
    @Override
    protected Persistence freshPersistence() {
        return Persistence.inMemory();
    }
}
