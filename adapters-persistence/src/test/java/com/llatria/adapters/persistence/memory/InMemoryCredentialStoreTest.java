package com.llatria.adapters.persistence.memory;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.contract.CredentialStoreContract;

class InMemoryCredentialStoreTest extends CredentialStoreContract {
    @Override
    protected Persistence freshPersistence() {
        return Persistence.inMemory();
    }
}
