package com.llatria.application.ai;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * At most {@code permits} provider calls in flight on this instance. A slow provider then holds
 * a bounded number of request threads; a request that cannot get a permit within a short wait
 * is turned away (503 with Retry-After) instead of queueing behind it.
 */
final class ProviderGate {
    private final Semaphore permits;
    private final Duration wait;

    ProviderGate(int permits, Duration wait) {
        if (permits < 1) throw new IllegalArgumentException("at least one concurrent provider call");
        this.permits = new Semaphore(permits, true);
        this.wait = wait;
    }

    /** The work's result, or empty when no permit came free in time. */
    <T> Optional<T> through(Supplier<T> work) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (!acquired) return Optional.empty();
        try {
            return Optional.of(work.get());
        } finally {
            permits.release();
        }
    }

    int available() {
        return permits.availablePermits();
    }
}
