package com.llatria.application.sync;

import com.llatria.application.FieldError;
import com.llatria.application.UseCaseException;
import com.llatria.application.UseCaseException.Kind;

import java.util.List;

/** The failures particular to sync, each a {@link UseCaseException} the adapters report like any other. */
public final class SyncProblems {
    /** The protocol version this server speaks. */
    public static final int SCHEMA_VERSION = 1;

    private SyncProblems() {
    }

    static void checkSchema(int schemaVersion) {
        if (schemaVersion == SCHEMA_VERSION) return;
        String detail = schemaVersion > SCHEMA_VERSION
                ? "this server speaks sync schema " + SCHEMA_VERSION + " and cannot read schema " + schemaVersion
                        + "; nothing was applied (the server is older than the app: try again after it is updated)"
                : "sync schema " + schemaVersion + " is no longer supported; update the app (this server speaks schema "
                        + SCHEMA_VERSION + "); nothing was applied";
        throw new UseCaseException(Kind.INVALID, "unsupported-schema", "Unsupported sync schema", detail)
                .withErrors(List.of(new FieldError("schemaVersion", "must be " + SCHEMA_VERSION)));
    }

    static UseCaseException resetRequired(long cursor, String why) {
        return new UseCaseException(Kind.CONFLICT, "reset-required", "Reset required",
                "cursor " + cursor + " " + why + "; drop local data and pull again from cursor 0");
    }

    static UseCaseException invalid(String field, String reason) {
        return new UseCaseException(Kind.INVALID, "validation", "Invalid request", field + " " + reason)
                .withErrors(List.of(new FieldError(field, reason)));
    }
}
