package com.llatria.application;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An expected outcome that is not a success: the caller asked for something that cannot be done,
 * and nothing was changed. It carries everything an adapter needs to report it: a {@link Kind}
 * (which the web adapter maps to an HTTP status in one place), a stable {@code type} slug, a
 * title, a detail sentence, the offending fields, and where useful the current state of what the
 * caller tried to change. A new failure needs no new branch in any adapter.
 */
public class UseCaseException extends RuntimeException {
    public enum Kind {
        INVALID, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, PRECONDITION_FAILED, TOO_LARGE,
        UNSUPPORTED_MEDIA_TYPE, UNPROCESSABLE, RATE_LIMITED, UNAVAILABLE
    }

    private final Kind kind;
    private final String type;
    private final String title;
    private final List<FieldError> errors;
    private final Optional<Object> current;
    private final Optional<Duration> retryAfter;

    public UseCaseException(Kind kind, String type, String title, String detail) {
        this(kind, type, title, detail, List.of(), Optional.empty(), Optional.empty());
    }

    protected UseCaseException(Kind kind, String type, String title, String detail, List<FieldError> errors,
                               Optional<Object> current, Optional<Duration> retryAfter) {
        super(detail, null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.type = Objects.requireNonNull(type, "type");
        this.title = Objects.requireNonNull(title, "title");
        this.errors = List.copyOf(errors);
        this.current = Objects.requireNonNull(current, "current");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public UseCaseException withErrors(List<FieldError> fieldErrors) {
        return new UseCaseException(kind, type, title, getMessage(), fieldErrors, current, retryAfter);
    }

    /** The stored state the request ran into (for a conflict: the current item, to rebase on). */
    public UseCaseException withCurrent(Object state) {
        return new UseCaseException(kind, type, title, getMessage(), errors, Optional.of(state), retryAfter);
    }

    public UseCaseException withRetryAfter(Duration wait) {
        return new UseCaseException(kind, type, title, getMessage(), errors, current, Optional.of(wait));
    }

    public Kind kind() {
        return kind;
    }

    /** A short stable slug such as {@code stale-version}. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Optional<Object> current() {
        return current;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
