package com.llatria.domain.ai;

import java.time.Duration;

/**
 * A point on the monotonic clock ({@link System#nanoTime}) by which work must be over. Elapsed
 * time, not time of day: a wall-clock jump neither shortens nor stretches a request.
 */
public record Deadline(long nanoTime) {
    public static Deadline after(Duration time) {
        return new Deadline(System.nanoTime() + time.toNanos());
    }

    /** Time left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, nanoTime - System.nanoTime()));
    }

    public boolean passed() {
        return nanoTime - System.nanoTime() <= 0;
    }
}
