package com.llatria.adapters.persistence.memory;

import com.llatria.adapters.persistence.contract.EventBusContract;
import com.llatria.domain.port.EventBus;

class InMemoryEventBusTest extends EventBusContract {
    @Override
    protected EventBus freshBus() {
        return new InMemoryEventBus();
    }
}
