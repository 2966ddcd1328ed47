package com.llatria.adapters.persistence.memory;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.contract.SaleChecksContract;

class InMemorySaleChecksTest extends SaleChecksContract {
    @Override
    protected Persistence freshPersistence() {
        return Persistence.inMemory();
    }
}
