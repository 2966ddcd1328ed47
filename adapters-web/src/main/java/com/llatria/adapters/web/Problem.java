package com.llatria.adapters.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.llatria.application.FieldError;

import java.util.List;

/**
 * An RFC 9457 problem document; {@code errors} lists the offending fields (always present, empty
 * when the problem is not about a field, so clients parse one shape), {@code current} the stored
 * item where relevant.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors,
                      Object current) {
    public static final String CONTENT_TYPE = "application/problem+json";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    static Problem of(String slug, String title, int status, String detail, String instance) {
        return new Problem("urn:llatria:problem:" + slug, title, status, detail, instance, null, null);
    }

    Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, fieldErrors, current);
    }

    Problem withCurrent(Object item) {
        return new Problem(type, title, status, detail, instance, errors, item);
    }
}
