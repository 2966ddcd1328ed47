package com.llatria.application;

/**
 * An expected outcome that is not a success: the caller asked for something that cannot be done.
 * Each subtype maps to one HTTP status in the web adapter; none of them means a bug.
 */
public abstract class UseCaseException extends RuntimeException {
    protected UseCaseException(String message) {
        super(message, null, false, false);
    }
}
