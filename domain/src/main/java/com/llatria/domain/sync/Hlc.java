package com.llatria.domain.sync;

import java.util.Comparator;
import java.util.Objects;

/**
 * A hybrid logical clock reading: physical milliseconds, a counter for events within the same
 * millisecond, and the device that made it. Readings are totally ordered; the device breaks ties.
 */
public record Hlc(long wallMillis, int counter, DeviceId device) implements Comparable<Hlc> {
    private static final Comparator<Hlc> ORDER = Comparator.comparingLong(Hlc::wallMillis)
            .thenComparingInt(Hlc::counter)
            .thenComparing(Hlc::device);

    public Hlc {
        Objects.requireNonNull(device, "device");
        if (wallMillis < 0) throw new IllegalArgumentException("wallMillis must be >= 0");
        if (counter < 0) throw new IllegalArgumentException("counter must be >= 0");
    }

    @Override
    public int compareTo(Hlc other) {
        return ORDER.compare(this, other);
    }

    public boolean isAfter(Hlc other) {
        return compareTo(other) > 0;
    }

    /** Fixed-width text that sorts like the clock: {@code 0001732500000000-00000-device}. */
    public String encode() {
        return String.format("%016d-%05d-%s", wallMillis, counter, device.value());
    }

    public static Hlc decode(String text) {
        String[] parts = text.split("-", 3);
        if (parts.length != 3) throw new IllegalArgumentException("not an HLC stamp: " + text);
        return new Hlc(Long.parseLong(parts[0]), Integer.parseInt(parts[1]), new DeviceId(parts[2]));
    }

    @Override
    public String toString() {
        return encode();
    }
}
