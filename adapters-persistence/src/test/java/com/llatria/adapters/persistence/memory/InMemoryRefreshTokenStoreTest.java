package com.llatria.adapters.persistence.memory;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.contract.RefreshTokenStoreContract;

class InMemoryRefreshTokenStoreTest extends RefreshTokenStoreContract {
    @Override
    protected Persistence freshPersistence() {
        return Persistence.inMemory();
    }
}
