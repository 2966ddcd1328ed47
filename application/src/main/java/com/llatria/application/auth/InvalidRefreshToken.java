package com.llatria.application.auth;

import com.llatria.application.UseCaseException;

public final class InvalidRefreshToken extends UseCaseException {
    public InvalidRefreshToken(String message) {
        super(message);
    }
}
