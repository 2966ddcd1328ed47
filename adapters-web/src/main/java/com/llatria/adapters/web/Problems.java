package com.llatria.adapters.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.llatria.adapters.web.inventory.ItemJson;
import com.llatria.application.FieldError;
import com.llatria.application.UseCaseException;
import com.llatria.application.inventory.ItemView;
import com.llatria.domain.port.ImageStore;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The one place where outcomes become HTTP statuses. Bodies never carry stack traces or SQL. */
public final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private Problems() {
    }

    public static void respond(Context ctx, Throwable failure) {
        Problem problem = toProblem(failure, ctx.path());
        if (problem.status() == 401) ctx.header("WWW-Authenticate", "Bearer");
        if (failure instanceof UseCaseException e && e.retryAfter().isPresent()) {
            ctx.header("Retry-After", String.valueOf(Math.max(1, e.retryAfter().get().toSeconds())));
        } else if (problem.status() == 503) {
            ctx.header("Retry-After", "5");
        }
        send(ctx, problem);
    }

    public static void send(Context ctx, Problem problem) {
        Json.respond(ctx, problem.status(), problem);
        ctx.contentType(Problem.CONTENT_TYPE);
    }

    /** The HTTP status of each kind of expected failure: the one place they are decided. */
    static int status(UseCaseException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case PRECONDITION_FAILED -> 412;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case UNPROCESSABLE -> 422;
            case RATE_LIMITED -> 429;
            case UNAVAILABLE -> 503;
        };
    }

    /** The problem document for a failure, as the API reports it (also inside sync push results). */
    public static Problem toProblem(Throwable failure, String path) {
        if (failure instanceof UseCaseException e) {
            Problem problem = Problem.of(e.type(), e.title(), status(e.kind()), e.getMessage(), path);
            if (!e.errors().isEmpty()) problem = problem.withErrors(e.errors());
            if (e.current().isPresent()) problem = problem.withCurrent(render(e.current().get()));
            return problem;
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
        Optional<Problem> transport = transport(failure, path);
        if (transport.isPresent()) return transport.get();
        LOG.error("unexpected failure serving {}", path, failure);
        return Problem.of("internal", "Internal error", 500, "something went wrong on our side", path);
    }

    /** The state a failure carries, as the API shows it elsewhere. */
    private static Object render(Object current) {
        return current instanceof ItemView view ? ItemJson.from(view) : current;
    }

    /**
     * The request itself is broken at the HTTP level (too large, a bad chunk, a body shorter than
     * its Content-Length, bad multipart): Javalin and Jetty say so with an exception carrying a
     * 4xx status, which is the client's problem to fix, not a 500.
     */
    private static Optional<Problem> transport(Throwable failure, String path) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof io.javalin.http.HttpResponseException h && h.getStatus() >= 400 && h.getStatus() < 500) {
                return Optional.of(forStatus(h.getStatus(), h.getMessage(), path));
            }
            if (t instanceof org.eclipse.jetty.http.HttpException h && h.getCode() >= 400 && h.getCode() < 500) {
                return Optional.of(forStatus(h.getCode(), h.getReason(), path));
            }
            if (t instanceof org.eclipse.jetty.io.EofException) {
                return Optional.of(forStatus(400, "the request body ended before it was complete", path));
            }
            // Jetty's idle timeout while we wait for a body the client stopped sending.
            if (t instanceof java.util.concurrent.TimeoutException) {
                return Optional.of(forStatus(408, "the request body stopped arriving", path));
            }
        }
        return Optional.empty();
    }

    /**
     * A problem for an HTTP-level status, worded for a client; used for Jetty's own errors too.
     * {@code reason} is the container's short phrase, shown only when it adds something.
     */
    public static Problem forStatus(int status, String reason, String path) {
        String detail = switch (status) {
            case 400 -> "the request is malformed";
            case 404 -> "no such resource";
            case 405 -> "this method is not supported here";
            case 408 -> "the request took too long to arrive";
            case 411 -> "a Content-Length is required";
            case 413 -> "the request body is larger than this endpoint accepts";
            case 414 -> "the URL is too long";
            case 415 -> "this content type is not accepted here";
            case 431 -> "the request headers are too large";
            case 505 -> "only HTTP/1.1 and HTTP/2 are supported";
            default -> "the request cannot be served";
        };
        if (reason != null && !reason.isBlank() && status == 400 && !reason.equalsIgnoreCase("Bad Request")) {
            String said = reason.strip().toLowerCase(java.util.Locale.ROOT);
            detail = detail + ": " + (said.length() > 200 ? said.substring(0, 200) + "..." : said);
        }
        String slug = switch (status) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 413 -> "too-large";
            case 414 -> "uri-too-long";
            case 415 -> "unsupported-media-type";
            case 431 -> "headers-too-large";
            default -> status < 500 ? "bad-request" : "internal";
        };
        String title = status < 500 ? "Bad request" : "Server error";
        if (status == 404) title = "Not found";
        if (status == 413) title = "Request too large";
        return Problem.of(slug, title, status, detail, path);
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
            String message = String.valueOf(e.getOriginalMessage());
            if (message.contains("UTF-8") || message.contains("UTF8")) return new FieldError("body", "is not valid UTF-8 text");
            return new FieldError("body", "is not valid JSON");
        }
        if (e instanceof Json.BadText t) {
            return new FieldError(path(t).isEmpty() ? "body" : path(t), t.reason);
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
