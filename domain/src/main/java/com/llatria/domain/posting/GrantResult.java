package com.llatria.domain.posting;

import java.util.Objects;

/** A platform's answer to a code exchange or a refresh. */
public sealed interface GrantResult {
    record Granted(TokenGrant grant) implements GrantResult {
        public Granted {
            Objects.requireNonNull(grant, "grant");
        }
    }

    /** The code or refresh token is no good (expired, revoked, used): only a new consent helps. */
    record Refused(String message) implements GrantResult {
    }

    /** The platform could not be reached or failed: try again later. */
    record Unavailable(String message) implements GrantResult {
    }
}
