package com.llatria.application;

/** What is wrong with one field of a request: {@code price.amount} "must be >= 0". */
public record FieldError(String field, String reason) {
}
