package com.llatria.application.auth;

import com.llatria.application.UseCaseException;

/** The access token is genuine, but the account behind it is gone or deactivated. */
public final class NotSignedIn extends UseCaseException {
    public NotSignedIn() {
        super(Kind.UNAUTHENTICATED, "unauthenticated", "Authentication required",
                "this account no longer exists or has been deactivated; sign in again");
    }
}
