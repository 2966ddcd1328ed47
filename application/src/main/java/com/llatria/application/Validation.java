package com.llatria.application;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Collects every problem of a request before failing, so a client learns all of them at once. */
public final class Validation {
    private final List<FieldError> errors = new ArrayList<>();

    public void check(boolean ok, String field, String reason) {
        if (!ok) errors.add(new FieldError(field, reason));
    }

    public void add(String field, Optional<String> problem) {
        problem.ifPresent(reason -> errors.add(new FieldError(field, reason)));
    }

    /** Checks {@code value} against the one text rule ({@link Text}). */
    public void text(String field, String value) {
        add(field, Text.problem(value));
    }

    public boolean has(String field) {
        return errors.stream().anyMatch(e -> e.field().equals(field) || e.field().startsWith(field + "."));
    }

    /** How many problems are recorded so far. */
    public int count() {
        return errors.size();
    }

    public void throwIfInvalid() {
        if (!errors.isEmpty()) throw new InvalidInput(errors);
    }
}
