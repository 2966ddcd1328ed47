package com.llatria.domain.port;

import com.llatria.domain.sync.ChangeLogEntry;
import com.llatria.domain.user.SessionsEnded;

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

    /**
     * Listens as {@link #subscribe(Consumer)} does, and also hears {@code missed} whenever events
     * from other instances may have been lost (the link between instances was down): listeners
     * then tell their clients to pull. A bus within one process never loses any.
     */
    default Subscription subscribe(Consumer<ChangeLogEntry> listener, Runnable missed) {
        return subscribe(listener);
    }

    /**
     * Tells every instance that some or all of a user's sessions ended (the account was
     * deactivated, the password changed), so that each refuses their access tokens and closes
     * their live connections at once rather than when the tokens expire. Publish only after the
     * change has committed. Like changes, a hint: an instance that misses it learns the same from
     * the database when its cached view of the account runs out.
     */
    void publishSessionsEnded(SessionsEnded ended);

    /** Hears {@link #publishSessionsEnded} from any instance, this one included. */
    Subscription subscribeSessionsEnded(Consumer<SessionsEnded> listener);

    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
