package com.llatria.adapters.persistence.memory;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.contract.ImageRepositoryContract;

class InMemoryImageRepositoryTest extends ImageRepositoryContract {
    @Override
    protected Persistence freshPersistence() {
        return Persistence.inMemory();
    }
}
