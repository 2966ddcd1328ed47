package com.llatria.domain.port;

import java.util.function.Supplier;

/** Runs work atomically: every port call inside commits together or not at all. */
public interface Transactions {
    <T> T inTransaction(Supplier<T> work);
}
