package com.llatria.application.auth;

import com.llatria.application.UseCaseException;

/** One message for an unknown email and a wrong password alike, so neither can be told apart. */
public final class InvalidCredentials extends UseCaseException {
    public InvalidCredentials() {
        super("email or password is incorrect");
    }
}
