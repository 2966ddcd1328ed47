package com.llatria.bootstrap;

import io.javalin.http.Context;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * CORS for browser clients (CORS_ORIGIN), on every answer: the first thing a request meets, so an
 * error answered before any route (a 429 over the budget, a bad escape, a 404) and Jetty's own
 * errors carry it too, or browser code would see a network error instead of the problem and its
 * {@code Retry-After} (findings S.8, S.9). The headers a client needs are exposed, and a preflight
 * is answered at once and cached by the browser for {@link #MAX_AGE}.
 */
final class Cors {
    /** What browser code must be able to read: the rate-limit, idempotency and concurrency headers. */
    static final List<String> EXPOSED = List.of("Retry-After", "RateLimit", "RateLimit-Policy", "ETag", "Location",
            "Idempotent-Replayed", "Server-Timing", "WWW-Authenticate");
    static final String METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE";
    /** Chrome caps a preflight's cache at 2 hours (Firefox at 24). */
    static final Duration MAX_AGE = Duration.ofHours(2);
    private static final Pattern HEADER_LIST = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+( *, *[A-Za-z0-9!#$%&'*+.^_`|~-]+)*");

    private final List<String> origins;
    private final boolean anyOrigin;

    /** @param origins CORS_ORIGIN's origins, or just "*" */
    Cors(List<String> origins) {
        this.anyOrigin = origins.equals(List.of("*"));
        this.origins = origins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
    }

    /** The CORS headers of an answer to a request from {@code origin}; none for an origin not allowed. */
    void answer(String origin, BiConsumer<String, String> header) {
        if (origin == null) return;
        if (anyOrigin) {
            header.accept("Access-Control-Allow-Origin", "*"); // without credentials: browsers refuse both
        } else if (origins.contains(origin.toLowerCase(Locale.ROOT))) {
            header.accept("Access-Control-Allow-Origin", origin);
            header.accept("Access-Control-Allow-Credentials", "true");
        } else {
            header.accept("Vary", "Origin");
            return;
        }
        if (!anyOrigin) header.accept("Vary", "Origin");
        header.accept("Access-Control-Expose-Headers", String.join(", ", EXPOSED));
    }

    /** The before-handler: the headers on every answer; a preflight answered here, 204, counted by nothing. */
    void handle(Context ctx) {
        String origin = ctx.header("Origin");
        answer(origin, ctx::header);
        if (!"OPTIONS".equals(ctx.method().name()) || origin == null || ctx.header("Access-Control-Request-Method") == null) return;
        if (ctx.res().getHeader("Access-Control-Allow-Origin") != null) {
            ctx.header("Access-Control-Allow-Methods", METHODS);
            String asked = ctx.header("Access-Control-Request-Headers");
            if (asked != null && HEADER_LIST.matcher(asked.strip()).matches()) ctx.header("Access-Control-Allow-Headers", asked.strip());
            ctx.header("Access-Control-Max-Age", String.valueOf(MAX_AGE.toSeconds()));
        }
        ctx.status(204);
        ctx.skipRemainingHandlers();
    }
}
