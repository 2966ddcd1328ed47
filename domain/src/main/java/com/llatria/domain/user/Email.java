package com.llatria.domain.user;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** An email address, kept lower-case so that uniqueness is case-insensitive. */
public record Email(String value) {
    public static final int MAX_LENGTH = 254;
    private static final Pattern SHAPE = Pattern.compile("^[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+$");

    public Email {
        problem(value).ifPresent(reason -> {
            throw new IllegalArgumentException("email " + reason);
        });
        value = value.trim().toLowerCase(Locale.ROOT);
    }

    public static Optional<String> problem(String raw) {
        if (raw == null || raw.isBlank()) return Optional.of("is required");
        String trimmed = raw.trim();
        if (trimmed.length() > MAX_LENGTH) return Optional.of("must be at most " + MAX_LENGTH + " characters");
        if (!SHAPE.matcher(trimmed).matches()) return Optional.of("is not an email address");
        return Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
