package com.llatria.application;

import java.util.List;

/** The request cannot be carried out as given; nothing was changed. */
public final class InvalidInput extends UseCaseException {
    private final List<FieldError> errors;

    public InvalidInput(List<FieldError> errors) {
        super(errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).reason() : errors.size() + " fields are invalid");
        this.errors = List.copyOf(errors);
    }

    public static InvalidInput of(String field, String reason) {
        return new InvalidInput(List.of(new FieldError(field, reason)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
