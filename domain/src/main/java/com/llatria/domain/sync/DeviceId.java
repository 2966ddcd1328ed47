package com.llatria.domain.sync;

import java.util.Objects;

/** The device (or the server itself) that wrote a change; also the tie-breaker between equal clock readings. */
public record DeviceId(String value) implements Comparable<DeviceId> {
    public static final DeviceId SERVER = new DeviceId("server");

    public DeviceId {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new IllegalArgumentException("a device id is 1-64 letters, digits, '.', '_' or '-'");
        }
    }

    /** {@code [A-Za-z0-9._-]{1,64}}, checked by hand: every stamp read names a device. */
    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > 64) return false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
            if (!ok) return false;
        }
        return true;
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
