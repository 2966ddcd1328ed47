package com.llatria.adapters.persistence.memory;

import com.llatria.domain.port.Transactions;

import java.util.function.Supplier;

public final class InMemoryTransactions implements Transactions {
    private final InMemoryStore store;

    public InMemoryTransactions(InMemoryStore store) {
        this.store = store;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return store.transaction(work);
    }
}
