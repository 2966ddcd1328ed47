package com.llatria.application.auth;

import com.llatria.application.UseCaseException;

/** The access token is genuine, but its session has ended: the password changed, or the account is gone or deactivated. */
public final class NotSignedIn extends UseCaseException {
    public NotSignedIn() {
        super(Kind.UNAUTHENTICATED, "unauthenticated", "Authentication required",
                "this session has ended (the password was changed, or the account no longer exists or has been deactivated); sign in again");
    }
}
