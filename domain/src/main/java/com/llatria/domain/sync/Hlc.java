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
    /** The largest counter of the text form's five digits; a clock that reaches it moves to the next millisecond. */
    public static final int MAX_COUNTER = 99_999;
    /** The last millisecond of year 9999: later stamps are refused where they come in (sale times derive from them). */
    public static final long MAX_WALL_MILLIS = 253_402_300_799_999L;

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
        // By hand rather than String.format: pull writes eight of these per item.
        String device = this.device.value();
        StringBuilder text = new StringBuilder(23 + device.length());
        padded(text, Long.toString(wallMillis), 16);
        text.append('-');
        padded(text, Integer.toString(counter), 5);
        return text.append('-').append(device).toString();
    }

    private static void padded(StringBuilder text, String digits, int width) {
        for (int i = digits.length(); i < width; i++) text.append('0');
        text.append(digits);
    }

    /** The reverse of {@link #encode}: millis and counter are the digits before the first and second '-'. */
    public static Hlc decode(String text) {
        int first = text.indexOf('-');
        int second = first < 0 ? -1 : text.indexOf('-', first + 1);
        if (second < 0) throw new IllegalArgumentException("not an HLC stamp: " + text);
        return new Hlc(Long.parseLong(text, 0, first, 10), Integer.parseInt(text, first + 1, second, 10),
                new DeviceId(text.substring(second + 1)));
    }

    @Override
    public String toString() {
        return encode();
    }
}
