package com.llatria.adapters.persistence.memory;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.contract.ConflictLogContract;

class InMemoryConflictLogTest extends ConflictLogContract {
    @Override
    protected Persistence freshPersistence() {
        return Persistence.inMemory();
    }
}
