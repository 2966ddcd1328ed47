package com.llatria.application.auth;

import com.llatria.application.UseCaseException;

public final class EmailTaken extends UseCaseException {
    public EmailTaken() {
        super("an account with this email already exists");
    }
}
