package com.llatria.adapters.web;

import com.llatria.application.FieldError;
import com.llatria.application.InvalidInput;
import com.llatria.application.UseCaseException;
import com.llatria.domain.port.IdGenerator;
import com.llatria.domain.port.IdempotencyRecords;
import com.llatria.domain.port.IdempotencyRecords.Claim;
import com.llatria.domain.port.IdempotencyRecords.ClaimToken;
import com.llatria.domain.port.IdempotencyRecords.Held;
import com.llatria.domain.port.IdempotencyRecords.Key;
import com.llatria.domain.port.IdempotencyRecords.StoredResponse;
import com.llatria.domain.user.UserId;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The Idempotency-Key header (Stripe; IETF draft-ietf-httpapi-idempotency-key-header) on a
 * signed-in POST, PATCH or DELETE: the first request with a key runs and its answer is kept for
 * 24 hours; the same request again gets that answer replayed (nothing runs twice), another
 * request with the key 422, and the same one while the first still runs 409.
 */
public final class Idempotency implements AutoCloseable {
    public static final String HEADER = "Idempotency-Key";
    /**
     * How long a claim lasts unless its server renews it (it does, every sixth of this, while the
     * request runs): a server that died frees its keys this long after its last renewal.
     */
    public static final Duration LEASE = Duration.ofSeconds(30);
    /** How long an answer is kept for replay. */
    public static final Duration KEPT = Duration.ofHours(24);
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:+/=~-]{1,255}");
    private static final Set<String> METHODS = Set.of("POST", "PATCH", "DELETE");
    private static final Logger LOG = LoggerFactory.getLogger(Idempotency.class);

    private final IdempotencyRecords records;
    private final Clock clock;
    private final IdGenerator ids;
    private final ClaimKeeper claims;
    private final Limits limits;

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    /**
     * @param lease         how long a claim lasts unless its server renews it ({@link #LEASE})
     * @param keptPerUser   at most this many answers kept per user (the oldest dropped first)
     * @param keptBytesPerUser and at most this many bytes of them (finding S.6: an account must not fill the database)
     * @param largestKept   a larger answer is not kept: a retry gets a 409 saying the request ran (finding S.13)
     */
    public record Limits(Duration lease, int keptPerUser, long keptBytesPerUser, int largestKept) {
        public static final Limits DEFAULT = new Limits(LEASE, 1_000, 10L << 20, 1 << 20);

        public Limits {
            if (lease.compareTo(Duration.ofSeconds(1)) < 0) throw new IllegalArgumentException("the lease must be at least a second");
            if (keptPerUser < 1 || keptBytesPerUser < 1 || largestKept < 1) {
                throw new IllegalArgumentException("the limits on kept answers must be positive");
            }
            // else the newest answer, just kept, would be trimmed at once
            if (largestKept > keptBytesPerUser) throw new IllegalArgumentException("largestKept cannot exceed keptBytesPerUser");
        }
    }

    public Idempotency(IdempotencyRecords records, Clock clock, IdGenerator ids, Limits limits) {
        this.records = records;
        this.clock = clock;
        this.ids = ids;
        this.limits = limits;
        this.claims = new ClaimKeeper(records, clock, limits.lease());
    }

    /** Stops renewing this server's claims (they then end with their lease, as a dead server's). */
    @Override
    public void close() {
        claims.close();
    }

    /**
     * Whether the request asks for it on a route that honours it. Not the auth routes (their answers
     * hold tokens, which are never stored), nor sync push and pull (a push is idempotent by its
     * mutation ids, a pull writes nothing), nor a platform's connect (its answer sets a cookie
     * binding the consent to this browser, which a replay would not: finding S.15; a second
     * consent is harmless).
     */
    boolean applies(Context ctx) {
        if (ctx.header(HEADER) == null || !METHODS.contains(ctx.method().name())) return false;
        String path = RoutePath.of(ctx.path());
        return !path.startsWith("/api/auth/") && !path.equals("/api/sync/push") && !path.equals("/api/sync/pull")
                && !(path.startsWith("/api/platforms/") && path.endsWith("/connect"));
    }

    void run(Context ctx, UserId user, Action action) throws Exception {
        Key key = new Key(user, key(ctx.header(HEADER)));
        Optional<String> fingerprint = fingerprint(ctx);
        if (fingerprint.isEmpty()) {
            // a multipart body that cannot be read: the route refuses it the same way, and nothing runs
            action.run();
            return;
        }
        ClaimToken token = ids.next(ClaimToken::new);
        Instant now = clock.instant();
        Claim claim = records.claim(key, fingerprint.get(), token, now, now.plus(claims.lease()), now.minus(KEPT));
        if (claim instanceof Claim.Completed done) {
            replay(ctx, done.response());
            return;
        }
        if (claim instanceof Claim.InProgress running) {
            throw new UseCaseException(UseCaseException.Kind.CONFLICT, "idempotency-in-progress", "Request in progress",
                    "a request with this Idempotency-Key is still running; retry once it has finished")
                    .withErrors(List.of(new FieldError(HEADER, "is in use by a request still running")))
                    .withRetryAfter(retryAfter(running.lockedUntil(), now));
        }
        if (claim instanceof Claim.Mismatch) {
            throw new UseCaseException(UseCaseException.Kind.UNPROCESSABLE, "idempotency-key-reused", "Idempotency-Key reused",
                    "this Idempotency-Key was already used for another request (method, path or body); use a new key")
                    .withErrors(List.of(new FieldError(HEADER, "was used for another request")));
        }
        Held held = new Held(key, token);
        claims.running(held);
        boolean ended = false;
        try {
            try {
                action.run();
            } catch (Exception e) {
                Problems.respond(ctx, e);
            }
            int status = ctx.statusCode();
            if (worthKeeping(status)) {
                byte[] body = result(ctx);
                if (body.length <= limits.largestKept()) {
                    ended = keep(held, new StoredResponse(status, headers(ctx), body));
                } else {
                    // Freed, the key would let a retry run the done work again (finding S.13): keep
                    // instead an answer saying it ran and its answer is not kept.
                    LOG.warn("an answer of {} bytes to {} is too large to keep for its Idempotency-Key: a retry gets a 409 saying so",
                            body.length, ctx.path());
                    ended = keep(held, notKept(status, ctx.path()));
                }
            }
        } finally {
            if (!ended) release(held);
        }
    }

    /** What a retry gets when the first answer was too large to keep: the request ran; read the state anew. */
    private static StoredResponse notKept(int status, String path) {
        Problem problem = Problem.of("idempotency-answer-not-kept", "Answer not kept", 409,
                "this request already ran (status " + status + "), but its answer was too large to keep for its Idempotency-Key;"
                        + " read the current state instead of retrying", path)
                .withErrors(List.of(new FieldError(HEADER, "was used for a request that already ran")));
        try {
            return new StoredResponse(409, Map.of("Content-Type", Problem.CONTENT_TYPE), Json.MAPPER.writeValueAsBytes(problem));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A claim being renewed (its server is alive): retry in a second. One its server stopped
     * renewing (it died, or lost the database): retry when it ends, not every second until then.
     */
    private Duration retryAfter(Instant lockedUntil, Instant now) {
        Duration left = Duration.between(now, lockedUntil);
        Duration renewedRecently = claims.lease().minus(claims.renewEvery().multipliedBy(2));
        if (left.compareTo(renewedRecently) >= 0) return Duration.ofSeconds(1);
        long seconds = (left.toMillis() + 999) / 1000;
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    /** What a retry should get again; not failures worth retrying (5xx, 408, 429) or about the caller's rights. */
    private static boolean worthKeeping(int status) {
        return status < 500 && status != 401 && status != 403 && status != 408 && status != 429;
    }

    /**
     * The request has run: if its answer cannot be kept now (the store just went away), the client
     * still gets it, rather than a 503 for work that was done, and the answer is kept as soon as
     * the store is back, its claim held meanwhile (a retry is a 409, then the replay).
     */
    private boolean keep(Held held, StoredResponse response) {
        try {
            if (records.complete(held.key(), held.token(), response)) {
                trim(held.key().user());
            } else {
                LOG.warn("an Idempotency-Key claim was lost before its answer was kept (not renewed for {})", claims.lease());
            }
            claims.ended(held);
        } catch (RuntimeException e) {
            if (claims.keepLater(held, response)) {
                LOG.warn("could not keep the answer for an Idempotency-Key now; kept once the store answers: {}", e.toString());
            } else {
                LOG.warn("could not keep the answer for an Idempotency-Key, and too many wait already (its claim ends within {}): {}",
                        claims.lease(), e.toString());
            }
        }
        return true; // the claim must not be freed: freed, it would let a retry run the done work again
    }

    /** The user's oldest answers beyond the limits go: a retry is minutes old, not a thousand requests. */
    private void trim(UserId user) {
        try {
            records.trim(user, limits.keptPerUser(), limits.keptBytesPerUser());
        } catch (RuntimeException e) {
            LOG.warn("could not trim the answers kept for Idempotency-Keys (tried again with the next): {}", e.toString());
        }
    }

    /** A failure worth retrying: the key is freed now, or as soon as the store is back (finding S.2). */
    private void release(Held held) {
        try {
            records.release(held.key(), held.token());
            claims.ended(held);
        } catch (RuntimeException e) {
            claims.releaseLater(held);
            LOG.warn("could not free an Idempotency-Key claim now; freed once the store answers: {}", e.toString());
        }
    }

    /** A key as Stripe sends it, or as the IETF draft does (a quoted string). */
    static String key(String header) {
        String value = header.strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) value = value.substring(1, value.length() - 1);
        if (!KEY.matcher(value).matches()) {
            throw InvalidInput.of(HEADER, "must be 1-255 letters, digits or - _ . : + / = ~ (a random UUID is a good key)");
        }
        return value;
    }

    /**
     * SHA-256 of the method, the path and query, If-Match when sent, and the body (its exact bytes:
     * the same JSON written with other spacing or key order is another request). A multipart body counts by its
     * fields and files (name, file name, type, bytes), not its bytes: a client retrying builds
     * the same parts with a new boundary.
     */
    private static Optional<String> fingerprint(Context ctx) throws IOException {
        MessageDigest sha = sha256();
        update(sha, ctx.method().name());
        update(sha, RoutePath.of(ctx.path()));
        update(sha, ctx.queryString() == null ? "" : ctx.queryString());
        String ifMatch = ctx.header("If-Match");
        if (ifMatch != null) {
            // another precondition is another request (finding S.7); without one the hash is as it always was
            update(sha, "if-match");
            update(sha, ifMatch);
        }
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/")) {
            Map<String, List<String>> fields;
            Map<String, List<UploadedFile>> files;
            try {
                fields = new TreeMap<>(ctx.formParamMap());
                files = new TreeMap<>(ctx.uploadedFileMap());
            } catch (RuntimeException e) {
                return Optional.empty();
            }
            update(sha, "multipart");
            for (Map.Entry<String, List<String>> field : fields.entrySet()) {
                for (String value : field.getValue()) {
                    update(sha, "field");
                    update(sha, field.getKey());
                    update(sha, value);
                }
            }
            for (Map.Entry<String, List<UploadedFile>> named : files.entrySet()) {
                for (UploadedFile file : named.getValue()) {
                    update(sha, "file");
                    update(sha, named.getKey());
                    update(sha, String.valueOf(file.filename()));
                    update(sha, String.valueOf(file.contentType()));
                    byte[] buffer = new byte[64 * 1024];
                    try (InputStream in = file.content()) {
                        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) sha.update(buffer, 0, n);
                    }
                }
            }
        } else {
            update(sha, "body");
            sha.update(ctx.bodyAsBytes());
        }
        return Optional.of(HexFormat.of().formatHex(sha.digest()));
    }

    /** Length-prefixed, so no two different sequences of parts hash alike. */
    private static void update(MessageDigest sha, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static byte[] result(Context ctx) throws IOException {
        InputStream in = ctx.resultInputStream();
        if (in == null) return new byte[0];
        byte[] body = in.readAllBytes();
        ctx.result(body); // read once: put it back for the client
        return body;
    }

    private static Map<String, String> headers(Context ctx) {
        Map<String, String> headers = new LinkedHashMap<>();
        String type = ctx.res().getContentType();
        if (type != null) headers.put("Content-Type", type);
        for (String name : List.of("Location", "ETag")) {
            String value = ctx.res().getHeader(name);
            if (value != null) headers.put(name, value);
        }
        return headers;
    }

    private static void replay(Context ctx, StoredResponse response) {
        ctx.status(response.status());
        response.headers().forEach((name, value) -> {
            if (name.equals("Content-Type")) ctx.contentType(value);
            else ctx.header(name, value);
        });
        ctx.header("Idempotent-Replayed", "true");
        ctx.result(response.body());
    }
}
