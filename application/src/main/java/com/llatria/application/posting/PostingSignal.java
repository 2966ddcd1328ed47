package com.llatria.application.posting;

import java.time.Duration;

/** Wakes the job worker when a job becomes due now, so a new posting does not wait for the next poll. */
public final class PostingSignal {
    private boolean raised;

    public synchronized void raise() {
        raised = true;
        notifyAll();
    }

    /** Waits until raised or {@code max} passes; clears the signal. */
    synchronized void await(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!raised) {
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            wait(Math.max(1, left / 1_000_000));
        }
        raised = false;
    }
}
