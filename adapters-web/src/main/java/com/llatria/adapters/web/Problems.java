package com.llatria.adapters.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.llatria.application.FieldError;
import com.llatria.application.InvalidInput;
import com.llatria.application.auth.EmailTaken;
import com.llatria.application.auth.InvalidCredentials;
import com.llatria.application.auth.InvalidRefreshToken;
import com.llatria.application.inventory.IllegalTransition;
import com.llatria.application.inventory.ItemIdConflict;
import com.llatria.application.inventory.ItemNotFound;
import com.llatria.application.inventory.StaleVersion;
import com.llatria.application.photos.PhotoNotFound;
import com.llatria.application.photos.PhotoRejected;
import com.llatria.application.photos.PhotoTooLarge;
import com.llatria.domain.image.ImageRejection;
import com.llatria.domain.item.Item;
import com.llatria.domain.port.ImageStore;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The one place where outcomes become HTTP statuses. Bodies never carry stack traces or SQL. */
public final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private Problems() {
    }

    /** For failures outside the API's routes, which never concern an item. */
    public static void respond(Context ctx, Throwable failure) {
        respond(ctx, failure, item -> null);
    }

    /** {@code itemView} renders the stored item that some conflicts carry, as the API shows items. */
    public static void respond(Context ctx, Throwable failure, Function<Item, ?> itemView) {
        Problem problem = toProblem(failure, ctx.path(), itemView);
        if (problem.status() == 401) ctx.header("WWW-Authenticate", "Bearer");
        if (problem.status() == 503) ctx.header("Retry-After", "5");
        send(ctx, problem);
    }

    public static void send(Context ctx, Problem problem) {
        Json.respond(ctx, problem.status(), problem);
        ctx.contentType(Problem.CONTENT_TYPE);
    }

    static Problem toProblem(Throwable failure, String path, Function<Item, ?> itemView) {
        if (failure instanceof InvalidInput e) {
            return Problem.of("validation", "Invalid request", 400, e.getMessage(), path).withErrors(e.errors());
        }
        if (failure instanceof BadRequest.MalformedJson e) {
            FieldError error = describe(e.jackson);
            return Problem.of("validation", "Invalid request", 400, error.field() + " " + error.reason(), path)
                    .withErrors(List.of(error));
        }
        if (failure instanceof BadRequest.MissingBody e) {
            return Problem.of("validation", "Invalid request", 400, e.getMessage(), path)
                    .withErrors(List.of(new FieldError("body", "is required")));
        }
        if (failure instanceof BadRequest.Unauthenticated e) {
            return Problem.of("unauthenticated", "Authentication required", 401, e.getMessage(), path);
        }
        if (failure instanceof InvalidCredentials e) {
            return Problem.of("invalid-credentials", "Sign-in failed", 401, e.getMessage(), path);
        }
        if (failure instanceof InvalidRefreshToken e) {
            return Problem.of("invalid-refresh-token", "Session not valid", 401, e.getMessage(), path);
        }
        if (failure instanceof EmailTaken e) {
            return Problem.of("email-taken", "Email already registered", 409, e.getMessage(), path)
                    .withErrors(List.of(new FieldError("email", "is already registered")));
        }
        if (failure instanceof ItemNotFound e) {
            return Problem.of("not-found", "Not found", 404, e.getMessage(), path);
        }
        if (failure instanceof StaleVersion e) {
            return Problem.of("stale-version", "The item has changed", 409, e.getMessage(), path)
                    .withCurrent(itemView.apply(e.current()));
        }
        if (failure instanceof ItemIdConflict e) {
            Problem problem = Problem.of("id-conflict", "Item id already in use", 409, e.getMessage(), path);
            return e.existing().map(item -> problem.withCurrent(itemView.apply(item))).orElse(problem);
        }
        if (failure instanceof IllegalTransition e) {
            return Problem.of("illegal-transition", "Status change not allowed", 409, e.getMessage(), path);
        }
        if (failure instanceof PhotoRejected e) {
            ImageRejection rejection = e.rejection();
            List<FieldError> errors = List.of(new FieldError("files", e.getMessage()));
            if (rejection instanceof ImageRejection.UnsupportedType) {
                return Problem.of("unsupported-media-type", "Unsupported file type", 415,
                        e.getMessage() + " (image/jpeg, image/png, image/webp)", path).withErrors(errors);
            }
            return Problem.of("unprocessable-image", "Image cannot be used", 422, e.getMessage(), path).withErrors(errors);
        }
        if (failure instanceof PhotoTooLarge e) {
            return Problem.of("too-large", "File too large", 413, e.getMessage(), path)
                    .withErrors(List.of(new FieldError("files", e.getMessage())));
        }
        if (failure instanceof PhotoNotFound e) {
            return Problem.of("not-found", "Not found", 404, e.getMessage(), path);
        }
        if (failure instanceof ImageStore.StorageUnavailable) {
            LOG.warn("photo storage unavailable while serving {}: {}", path, failure.toString());
            return Problem.of("unavailable", "Service temporarily unavailable", 503,
                    "photo storage cannot be reached; nothing was saved, try again shortly", path);
        }
        if (databaseUnavailable(failure)) {
            LOG.warn("database unavailable while serving {}: {}", path, failure.toString());
            return Problem.of("unavailable", "Service temporarily unavailable", 503,
                    "the database cannot be reached; try again shortly", path);
        }
        LOG.error("unexpected failure serving {}", path, failure);
        return Problem.of("internal", "Internal error", 500, "something went wrong on our side", path);
    }

    /**
     * A connection that cannot be had or was lost: transient by nature, so 503 rather than 500.
     * SQLSTATE class 08 is a connection failure; 57P01-57P03 are the server shutting down,
     * crashing, or not yet accepting connections.
     */
    private static boolean databaseUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) return true;
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return true;
            }
        }
        return false;
    }

    private static FieldError describe(com.fasterxml.jackson.core.JsonProcessingException e) {
        if (e instanceof JsonParseException) {
            return new FieldError("body", "is not valid JSON");
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return new FieldError(path(u), "is not a known field");
        }
        if (e instanceof InvalidFormatException f) {
            return new FieldError(path(f), "must be " + describeType(f.getTargetType()));
        }
        if (e instanceof MismatchedInputException m) {
            return new FieldError(path(m).isEmpty() ? "body" : path(m), "must be " + describeType(m.getTargetType()));
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return new FieldError(path(m), "is not valid");
        }
        return new FieldError("body", "is not valid JSON");
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String describeType(Class<?> type) {
        if (type == null) return "of another type";
        if (type == String.class) return "a string";
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) return "a number";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type == java.time.Instant.class) return "an ISO-8601 instant such as 2026-11-25T10:00:00Z";
        if (type == java.util.UUID.class) return "a UUID";
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) return "an array";
        return "an object";
    }
}
