package com.llatria.adapters.platforms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * JSON over java.net.http with a deadline on every request, shared by the platform clients.
 * Nothing here logs a request or a body: both carry tokens.
 */
public final class PlatformHttp {
    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final Duration timeout;

    public PlatformHttp(Duration connectTimeout, Duration requestTimeout) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
        this.timeout = requestTimeout;
    }

    public static PlatformHttp defaults() {
        return new PlatformHttp(Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /** A status and a parsed body (a missing node when the body is empty or not JSON). */
    public record Response(int status, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** The platform did not answer in time, or the connection failed. */
    public static final class Unreachable extends Exception {
        public Unreachable(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /**
     * Sends and reads the whole answer within the deadline. (The client's own timeout ends at
     * the response headers; a body that trickles or never comes would hold the caller forever,
     * so the deadline covers the body too, and the exchange is cancelled when it passes.)
     */
    public Response send(HttpRequest.Builder request) throws Unreachable {
        java.util.concurrent.CompletableFuture<HttpResponse<String>> pending = client.sendAsync(request.timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = pending.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return new Response(response.statusCode(), parse(response.body()));
        } catch (java.util.concurrent.TimeoutException e) {
            pending.cancel(true);
            throw new Unreachable("did not answer within " + timeout.toSeconds() + " s", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.net.http.HttpTimeoutException) {
                throw new Unreachable("did not answer within " + timeout.toSeconds() + " s", e.getCause());
            }
            throw new Unreachable("could not be reached", e.getCause());
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new Unreachable("the request was interrupted", e);
        }
    }

    /**
     * Text from a platform made fit to store and show: control characters and unpaired
     * surrogates dropped, whitespace runs folded, cut to {@code max} characters; empty when
     * nothing is left.
     */
    public static java.util.Optional<String> cleanText(String text, int max) {
        if (text == null) return java.util.Optional.empty();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                continue;
            } else if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') out.append(' ');
            } else {
                out.append(c);
            }
        }
        String cleaned = out.toString().strip();
        if (cleaned.codePointCount(0, cleaned.length()) > max) {
            cleaned = cleaned.substring(0, cleaned.offsetByCodePoints(0, max - 1)) + "…";
        }
        return cleaned.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(cleaned);
    }

    /** Ten years: no token lives longer; a larger (or negative) lifetime is a broken answer. */
    static final long LIFETIME_MAX_SECONDS = 10L * 366 * 24 * 3600;

    /**
     * What is wrong with a 200 answer of a token endpoint, if anything: the access token must be
     * a non-empty string, the lifetimes whole seconds from 1 to ten years.
     */
    public static java.util.Optional<String> badGrant(JsonNode body, boolean withRefresh) {
        JsonNode token = body.path("access_token");
        if (!token.isTextual() || token.asText().isBlank() || token.asText().length() > 4096) return java.util.Optional.of("no access token");
        for (String field : withRefresh ? new String[]{"expires_in", "refresh_token_expires_in"} : new String[]{"expires_in"}) {
            JsonNode n = body.path(field);
            if (n.isMissingNode() || n.isNull()) continue;
            if (!n.canConvertToLong() || n.asLong() < 1 || n.asLong() > LIFETIME_MAX_SECONDS) return java.util.Optional.of(field + " out of range");
        }
        JsonNode refresh = body.path("refresh_token");
        if (!refresh.isMissingNode() && (!refresh.isTextual() || refresh.asText().isBlank() || refresh.asText().length() > 4096)) {
            return java.util.Optional.of("unreadable refresh token");
        }
        return java.util.Optional.empty();
    }

    public static HttpRequest.BodyPublisher json(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String form(Map<String, String> fields) {
        StringJoiner joined = new StringJoiner("&");
        fields.forEach((k, v) -> joined.add(encode(k) + "=" + encode(v)));
        return joined.toString();
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * The base and the path joined. A malformed address fails without naming it: the query may
     * carry secrets (Meta's token exchange puts the app secret and the code there).
     */
    public static URI uri(String base, String pathAndQuery) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        try {
            return URI.create(b + pathAndQuery);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("a platform address is malformed (check the *_URL settings)");
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) return MissingNode.getInstance();
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }
}
