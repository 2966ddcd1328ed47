package com.llatria.application.auth;

import com.llatria.application.UseCaseException;

/** One message for an unknown email and a wrong password alike, so neither can be told apart. */
public final class InvalidCredentials extends UseCaseException {
    public InvalidCredentials() {
        super(Kind.UNAUTHENTICATED, "invalid-credentials", "Sign-in failed", "email or password is incorrect");
    }
}
