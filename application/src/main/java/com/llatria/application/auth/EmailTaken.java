package com.llatria.application.auth;

import com.llatria.application.UseCaseException;

public final class EmailTaken extends UseCaseException {
    public EmailTaken() {
        super(Kind.CONFLICT, "email-taken", "Email already registered", "an account with this email already exists",
                java.util.List.of(new com.llatria.application.FieldError("email", "is already registered")),
                java.util.Optional.empty(), java.util.Optional.empty());
    }
}
