package com.llatria.application.ai;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Concurrent calls for the same key share one execution: the first caller runs the work, the
 * others wait for its result (or its failure). Once it is done the key is free again, so a
 * later call runs anew (by then the cache answers it). Per instance: across instances the
 * shared cache is what saves the second call.
 */
final class SingleFlight<K, V> {
    private final Map<K, CompletableFuture<V>> running = new ConcurrentHashMap<>();

    /** @return the value and whether this caller was the one that computed it */
    record Shared<V>(V value, boolean leader) {
    }

    Shared<V> run(K key, Supplier<V> work) {
        return run(key, Duration.ofDays(1), work);
    }

    /**
     * As {@link #run(Object, Supplier)}, but a caller that finds the work running waits at most
     * {@code wait} for it. @throws TimedOut when that is not long enough
     */
    Shared<V> run(K key, Duration wait, Supplier<V> work) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> theirs = running.putIfAbsent(key, mine);
        if (theirs != null) return new Shared<>(join(theirs, wait), false);
        try {
            V value = work.get();
            mine.complete(value);
            return new Shared<>(value, true);
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(key, mine);
        }
    }

    /** The running work did not finish within a follower's wait. */
    static final class TimedOut extends RuntimeException {
        TimedOut() {
            super("the same request did not finish in time", null, false, false);
        }
    }

    private static <V> V join(CompletableFuture<V> future, Duration wait) {
        try {
            return future.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new TimedOut();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the same request", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new CompletionException(e.getCause());
        }
    }
}
