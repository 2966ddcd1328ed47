package com.llatria.application;

import java.util.List;
import java.util.Optional;

/** The request cannot be carried out as given; nothing was changed. Lists every problem found. */
public final class InvalidInput extends UseCaseException {
    public InvalidInput(List<FieldError> errors) {
        super(Kind.INVALID, "validation", "Invalid request", errors.size() == 1
                        ? errors.get(0).field() + " " + errors.get(0).reason() : errors.size() + " fields are invalid",
                errors, Optional.empty(), Optional.empty());
    }

    public static InvalidInput of(String field, String reason) {
        return new InvalidInput(List.of(new FieldError(field, reason)));
    }
}
