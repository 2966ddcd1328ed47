package com.llatria.application;

import java.util.Optional;

/**
 * What text the system accepts, decided once for every place text comes in (JSON bodies, query
 * parameters, use-case inputs): any Unicode text except NUL, the other control characters (tab,
 * line feed and carriage return are ordinary text) and unpaired surrogates, which are not
 * characters at all. PostgreSQL cannot store NUL, and the rest only ever arrive by mistake or
 * in an attack (terminal escapes in logs, invisible differences between equal-looking titles).
 */
public final class Text {
    public static final String REASON = "must not contain control characters such as NUL";
    public static final String SURROGATE_REASON = "must be valid Unicode text (an unpaired surrogate was found)";

    private Text() {
    }

    /** Why {@code value} is not acceptable text, or empty when it is (and when it is null). */
    public static Optional<String> problem(String value) {
        if (value == null) return Optional.empty();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 ? c != '\t' && c != '\n' && c != '\r' : c >= 0x7f && c <= 0x9f) return Optional.of(REASON);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    return Optional.of(SURROGATE_REASON);
                }
            } else if (Character.isLowSurrogate(c)) {
                return Optional.of(SURROGATE_REASON);
            }
        }
        return Optional.empty();
    }

    public static boolean isAcceptable(String value) {
        return problem(value).isEmpty();
    }
}
