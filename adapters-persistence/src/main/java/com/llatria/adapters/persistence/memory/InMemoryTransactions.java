package com.llatria.adapters.persistence.memory;

import com.llatria.domain.port.Transactions;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

public final class InMemoryTransactions implements Transactions {
    private static final Logger LOG = Logger.getLogger(InMemoryTransactions.class.getName());
    private final InMemoryStore store;
    private final ThreadLocal<List<Runnable>> afterCommit = new ThreadLocal<>();

    public InMemoryTransactions(InMemoryStore store) {
        this.store = store;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (afterCommit.get() != null) return store.transaction(work);
        List<Runnable> onCommit = new ArrayList<>();
        afterCommit.set(onCommit);
        T result;
        try {
            result = store.transaction(work);
        } finally {
            afterCommit.remove();
        }
        for (Runnable action : onCommit) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "an after-commit action failed", e);
            }
        }
        return result;
    }

    @Override
    public void afterCommit(Runnable action) {
        List<Runnable> actions = afterCommit.get();
        if (actions == null) throw new IllegalStateException("afterCommit needs an open transaction");
        actions.add(action);
    }
}
