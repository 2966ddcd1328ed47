package com.llatria.adapters.persistence.memory;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.contract.ChangeLogContract;

class InMemoryChangeLogTest extends ChangeLogContract {
    @Override
    protected Persistence freshPersistence() {
        return Persistence.inMemory();
    }
}
