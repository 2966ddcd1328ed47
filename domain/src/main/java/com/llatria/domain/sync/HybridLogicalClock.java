package com.llatria.domain.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The server's hybrid logical clock. {@link #now()} stamps the server's own writes;
 * {@link #receive(Hlc)} takes a device's stamp, clamps it when the device's clock runs more than
 * {@code maxSkew} ahead (a device with a wrong clock must not win every conflict), and keeps the
 * server clock ahead of everything it has seen.
 */
public final class HybridLogicalClock {
    public static final Duration DEFAULT_MAX_SKEW = Duration.ofSeconds(60);

    private final Clock clock;
    private final DeviceId self;
    private final long maxSkewMillis;
    private long lastWall;
    private int lastCounter;

    public HybridLogicalClock(Clock clock, DeviceId self, Duration maxSkew) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.self = Objects.requireNonNull(self, "self");
        this.maxSkewMillis = maxSkew.toMillis();
    }

    /**
     * A clock that stamps as {@code self}: each server instance needs its own id, or two instances
     * could make identical stamps whose tie nothing breaks.
     */
    public HybridLogicalClock(Clock clock, DeviceId self) {
        this(clock, self, DEFAULT_MAX_SKEW);
    }

    /** A single-instance clock stamping as {@link DeviceId#SERVER}: tests only. */
    public HybridLogicalClock(Clock clock) {
        this(clock, DeviceId.SERVER, DEFAULT_MAX_SKEW);
    }

    public DeviceId self() {
        return self;
    }

    public synchronized Hlc now() {
        return tick(self);
    }

    /**
     * The stamp to store for a write that arrived with {@code remote}: the stamp itself, or, when
     * it lies more than the allowed skew ahead of the server's time, a fresh server reading that
     * keeps the writing device as tie-breaker.
     */
    public synchronized Hlc receive(Hlc remote) {
        long physical = clock.millis();
        if (remote.wallMillis() - physical > maxSkewMillis) {
            return tick(remote.device());
        }
        if (remote.wallMillis() > lastWall || (remote.wallMillis() == lastWall && remote.counter() > lastCounter)) {
            lastWall = remote.wallMillis();
            lastCounter = remote.counter();
        }
        return remote;
    }

    /**
     * Moves the clock past a stamp already stored (written by another instance or a device), so
     * that the next {@link #now()} is later than it: a server write meant to win (a resolution,
     * a plain REST write) then does, whatever clock the earlier writer had.
     */
    public synchronized void observe(Hlc seen) {
        if (seen.wallMillis() > lastWall || (seen.wallMillis() == lastWall && seen.counter() > lastCounter)) {
            lastWall = seen.wallMillis();
            lastCounter = seen.counter();
        }
    }

    private Hlc tick(DeviceId device) {
        long physical = clock.millis();
        if (physical > lastWall) {
            lastWall = physical;
            lastCounter = 0;
        } else {
            lastCounter++;
        }
        return new Hlc(lastWall, lastCounter, device);
    }
}
