package com.llatria.domain.user;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Password rules. bcrypt reads only the first 72 bytes, so a longer password is refused
 * rather than silently truncated.
 */
public final class Password {
    public static final int MIN_CHARACTERS = 8;
    public static final int MAX_BYTES = 72;

    private Password() {
    }

    public static Optional<String> problem(String raw) {
        if (raw == null || raw.isEmpty()) return Optional.of("is required");
        if (raw.codePointCount(0, raw.length()) < MIN_CHARACTERS) {
            return Optional.of("must be at least " + MIN_CHARACTERS + " characters");
        }
        if (raw.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("must be at most " + MAX_BYTES + " bytes in UTF-8 (bcrypt ignores anything longer)");
        }
        return Optional.empty();
    }
}
