package com.llatria.adapters.persistence.memory;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.contract.SalesHistoryContract;

class InMemorySalesHistoryTest extends SalesHistoryContract {
    @Override
    protected Persistence freshPersistence() {
        return Persistence.inMemory();
    }
}
