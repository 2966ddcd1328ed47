package com.llatria.adapters.persistence.memory;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.contract.PostingRepositoryContract;

class InMemoryPostingRepositoryTest extends PostingRepositoryContract {
    @Override
    protected Persistence freshPersistence() {
        return Persistence.inMemory();
    }
}
