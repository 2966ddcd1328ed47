package com.llatria.application.auth;

import com.llatria.application.UseCaseException;

public final class InvalidRefreshToken extends UseCaseException {
    public InvalidRefreshToken(String message) {
        super(Kind.UNAUTHENTICATED, "invalid-refresh-token", "Session not valid", message);
    }
}
