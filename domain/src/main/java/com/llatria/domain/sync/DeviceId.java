package com.llatria.domain.sync;

import java.util.Objects;
import java.util.regex.Pattern;

/** The device (or the server itself) that wrote a change; also the tie-breaker between equal clock readings. */
public record DeviceId(String value) implements Comparable<DeviceId> {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    public static final DeviceId SERVER = new DeviceId("server");

    public DeviceId {
        Objects.requireNonNull(value, "value");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("a device id is 1-64 letters, digits, '.', '_' or '-'");
        }
    }

    public static boolean isValid(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }

    @Override
    public int compareTo(DeviceId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
