package com.llatria.domain.port;

import com.llatria.domain.sync.ChangeLogEntry;

import java.util.function.Consumer;

/**
 * Tells every server instance that a user's data changed, so that connected devices hear of it.
 * A hint, not the record: the change log is the source of truth, and a lost event costs a device
 * nothing but a pull. Publish only after the change has committed.
 */
public interface EventBus {
    void publish(ChangeLogEntry change);

    /** Listens to changes published on any instance until the subscription is closed. */
    Subscription subscribe(Consumer<ChangeLogEntry> listener);

    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
