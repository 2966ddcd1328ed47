package com.llatria.application.auth;

import java.util.Optional;

/**
 * What a user asks to change about their own account. Only the name can change; {@code id},
 * {@code email} and {@code active} may be sent back as read (a client that PUTs what it got from
 * GET /me), and are refused when they disagree with the account rather than silently ignored.
 *
 * @param changesName whether the request says anything about the name (a partial update may not)
 * @param name        the new name, or null to remove it
 */
public record ProfileChange(boolean changesName, String name, Optional<String> id, Optional<String> email,
                            Optional<Boolean> active) {

    public ProfileChange {
        if (!changesName && name != null) throw new IllegalArgumentException("a name without changesName");
    }

    public static ProfileChange rename(String nameOrNull) {
        return new ProfileChange(true, nameOrNull, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
