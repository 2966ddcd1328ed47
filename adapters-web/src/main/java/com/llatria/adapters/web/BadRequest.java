package com.llatria.adapters.web;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Problems with the HTTP request itself, before any use case runs. */
abstract class BadRequest extends RuntimeException {
    BadRequest(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    static final class MissingBody extends BadRequest {
        MissingBody() {
            super("a JSON body is required", null);
        }
    }

    static final class MalformedJson extends BadRequest {
        final JsonProcessingException jackson;

        MalformedJson(JsonProcessingException cause) {
            super("the body is not valid for this request", cause);
            this.jackson = cause;
        }
    }

    static final class Unauthenticated extends BadRequest {
        Unauthenticated(String message) {
            super(message, null);
        }
    }
}
