package com.llatria.domain.port;

import java.util.function.Supplier;

/** Runs work atomically: every port call inside commits together or not at all. */
public interface Transactions {
    /** Runs {@code work} in a transaction; inside another one it joins it. */
    <T> T inTransaction(Supplier<T> work);

    /**
     * Runs {@code action} once the outermost transaction open on this thread has committed, and
     * never if it rolls back: what must only be announced once it is true (live events).
     *
     * @throws IllegalStateException outside a transaction
     */
    void afterCommit(Runnable action);
}
