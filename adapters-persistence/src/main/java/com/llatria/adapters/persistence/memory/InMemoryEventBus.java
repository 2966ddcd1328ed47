package com.llatria.adapters.persistence.memory;

import com.llatria.domain.port.EventBus;
import com.llatria.domain.sync.ChangeLogEntry;
import com.llatria.domain.user.SessionsEnded;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Events within one process: the bus of a single server, an embedding host, or a test. */
public final class InMemoryEventBus implements EventBus {
    private static final Logger LOG = Logger.getLogger(InMemoryEventBus.class.getName());
    private final List<Consumer<ChangeLogEntry>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<SessionsEnded>> sessionListeners = new CopyOnWriteArrayList<>();

    @Override
    public void publish(ChangeLogEntry change) {
        for (Consumer<ChangeLogEntry> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "an event listener failed", e);
            }
        }
    }

    @Override
    public Subscription subscribe(Consumer<ChangeLogEntry> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void publishSessionsEnded(SessionsEnded ended) {
        for (Consumer<SessionsEnded> listener : sessionListeners) {
            try {
                listener.accept(ended);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "an event listener failed", e);
            }
        }
    }

    @Override
    public Subscription subscribeSessionsEnded(Consumer<SessionsEnded> listener) {
        sessionListeners.add(listener);
        return () -> sessionListeners.remove(listener);
    }
}
