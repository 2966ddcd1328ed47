package com.llatria.adapters.persistence.memory;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.contract.AiUsageLedgerContract;

class InMemoryAiUsageLedgerTest extends AiUsageLedgerContract {
    @Override
    protected Persistence freshPersistence() {
        return Persistence.inMemory();
    }
}
