package com.llatria.adapters.persistence.memory;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.contract.UserRepositoryContract;

class InMemoryUserRepositoryTest extends UserRepositoryContract {
    @Override
    protected Persistence freshPersistence() {
        return Persistence.inMemory();
    }
}
