package com.llatria.domain.user;

import java.util.Optional;

/** What a user is called (the design's {@code users.name}): trimmed, 1-255 characters, no control characters. */
public record UserName(String value) {
    public static final int MAX_LENGTH = 255;

    public UserName {
        problem(value).ifPresent(reason -> {
            throw new IllegalArgumentException("name " + reason);
        });
        value = value.strip();
    }

    public static Optional<String> problem(String raw) {
        if (raw == null) return Optional.of("is required");
        String stripped = raw.strip();
        if (stripped.isEmpty()) return Optional.of("must not be blank");
        if (stripped.codePointCount(0, stripped.length()) > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        // NUL, line breaks, escapes: nothing a name needs, and NUL cannot even be stored in PostgreSQL text.
        if (stripped.codePoints().anyMatch(Character::isISOControl)) return Optional.of("must not contain control characters");
        return Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
