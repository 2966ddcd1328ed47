package com.llatria.domain.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The server's hybrid logical clock. {@link #now()} stamps the server's own writes;
 * {@link #receive(Hlc)} takes a device's stamp and clamps it when the device's clock runs more than
 * {@code maxSkew} ahead (a device with a wrong clock must not win every conflict).
 *
 * <p>One clock stamps every tenant's writes on an instance, so what one tenant's devices send
 * must not move it: a stamp within the skew (up to a minute ahead) would otherwise date everyone
 * else's writes in the future too. A server write that must beat the stamps already on an entity
 * asks {@link #nowAfter(Hlc)} with the latest of them instead.
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
        return remote;
    }

    /**
     * A stamp of this server later than {@code latest} (the latest stamp on the entity it writes)
     * and than every earlier reading, without moving the clock past {@code latest}: a plain REST
     * write or a resolution then wins on that entity, and nothing else is dated by it.
     */
    public synchronized Hlc nowAfter(Hlc latest) {
        Hlc next = tick(self);
        if (next.isAfter(latest)) return next;
        return latest.counter() >= Hlc.MAX_COUNTER ? new Hlc(latest.wallMillis() + 1, 0, self)
                : new Hlc(latest.wallMillis(), latest.counter() + 1, self);
    }

    private Hlc tick(DeviceId device) {
        long physical = clock.millis();
        if (physical > lastWall) {
            lastWall = physical;
            lastCounter = 0;
        } else if (lastCounter >= Hlc.MAX_COUNTER) {
            lastWall++;
            lastCounter = 0;
        } else {
            lastCounter++;
        }
        return new Hlc(lastWall, lastCounter, device);
    }
}
