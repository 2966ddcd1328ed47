package com.llatria.bootstrap;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser client (CORS_ORIGIN) can read every answer, errors included: a 429 from the rate
 * limit, a 404, a 401 and Jetty's own 413 carry Access-Control-Allow-Origin;
 * the headers it needs (Retry-After, RateLimit, ETag, Location, Idempotent-Replayed) are exposed;
 * preflights are answered at once, cached by the browser, and counted by no budget (findings S.8, S.9).
 * Each test is its own client behind a trusted proxy (X-Forwarded-For), so budgets do not mix.
 */
class CorsTest extends ServerFixture {
    private static final String APP = "https://app.example.com";

    @Override
    protected Map<String, String> extraSettings() {
        return Map.of("CORS_ORIGIN", APP + ",https://other.example.com", "RATE_LIMIT_PER_IP", "3", "TRUSTED_PROXIES", "127.0.0.1");
    }

    private static Map<String, String> from(String origin, String client, String... more) {
        Map<String, String> headers = new HashMap<>(Map.of("Origin", origin, "X-Forwarded-For", client));
        for (int i = 0; i < more.length; i += 2) headers.put(more[i], more[i + 1]);
        return headers;
    }

    private static String aClient() {
        return "198.51.100." + (1 + (int) (Math.random() * 250)) + ", 10.0." + (int) (Math.random() * 250) + "." + (1 + (int) (Math.random() * 250));
    }

    private static void readableByTheApp(ApiClient.Response answer) {
        assertThat(answer.header("Access-Control-Allow-Origin")).as("status %d", answer.status()).isEqualTo(APP);
        assertThat(answer.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(answer.header("Vary")).contains("Origin");
    }

    private static List<String> exposed(ApiClient.Response answer) {
        String header = answer.header("Access-Control-Expose-Headers");
        assertThat(header).isNotNull();
        return List.of(header.toLowerCase().split(" *, *"));
    }

    @Test
    void a_429_from_the_rate_limit_is_readable_by_the_browser_with_its_retry_after() {
        String client = "203.0.113.9";
        ApiClient.Response last = null;
        for (int i = 0; i < 4; i++) last = api.send("GET", "/api/auth/me", null, null, from(APP, client));
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.contentType()).startsWith("application/problem+json");
        readableByTheApp(last);
        assertThat(exposed(last)).contains("retry-after", "ratelimit", "ratelimit-policy");
        assertThat(last.header("Retry-After")).isNotNull();
    }

    @Test
    void ordinary_answers_expose_etag_location_and_the_idempotency_replay_header() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        Map<String, String> headers = from(APP, aClient(), "Idempotency-Key", UUID.randomUUID().toString());
        String body = ApiClient.json(ApiClient.item("Lamp", "10"));
        ApiClient.Response created = api.send("POST", "/api/inventory", ann.accessToken(), body, headers);
        assertThat(created.status()).isEqualTo(201);
        readableByTheApp(created);
        assertThat(exposed(created)).contains("etag", "location", "idempotent-replayed", "retry-after", "ratelimit");
        ApiClient.Response replayed = api.send("POST", "/api/inventory", ann.accessToken(), body, headers);
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        readableByTheApp(replayed);
    }

    @Test
    void errors_answered_before_any_route_and_by_jetty_itself_are_readable_too() {
        ApiClient.Response missing = api.send("GET", "/api/nothing-here", null, null, from(APP, aClient()));
        assertThat(missing.status()).isEqualTo(404);
        readableByTheApp(missing);
        ApiClient.Response unauthenticated = api.send("GET", "/api/inventory", "not-a-token", null, from(APP, aClient()));
        assertThat(unauthenticated.status()).isEqualTo(401);
        readableByTheApp(unauthenticated);
        assertThat(exposed(unauthenticated)).contains("www-authenticate");

        // a body declared far over the limit: Jetty refuses it before Javalin sees the request
        RawHttp.Answer tooLarge = RawHttp.send(server.port(), ("POST /api/inventory HTTP/1.1\r\nHost: localhost\r\nOrigin: " + APP
                + "\r\nContent-Type: application/json\r\nContent-Length: 900000000\r\nConnection: close\r\n\r\n{")
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.headers().get("access-control-allow-origin")).isEqualTo(APP);
    }

    /**
     * Finding S.22: what Jetty answers to a request it cannot parse (a bad percent-escape, a
     * Content-Length that is no number, a NUL in the path, headers over the limit) reaches the
     * app readable, as problem+json, when the Origin came before what could not be read.
     */
    @Test
    void jettys_answers_to_requests_it_cannot_parse_are_readable_by_the_app_too() {
        String big = "X-Big: " + "a".repeat(20_000) + "\r\n";
        Map<String, String> requests = new java.util.LinkedHashMap<>();
        requests.put("bad escape", "GET /api/inventory/%ZZ HTTP/1.1\r\nHost: localhost\r\nOrigin: " + APP + "\r\n\r\n");
        requests.put("bad Content-Length", "POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nOrigin: " + APP
                + "\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}");
        requests.put("NUL in the path", "DELETE /api/inventory/%00 HTTP/1.1\r\nHost: localhost\r\nOrigin: " + APP + "\r\n\r\n");
        requests.put("headers too large", "GET /api/auth/me HTTP/1.1\r\nHost: localhost\r\nOrigin: " + APP + "\r\n" + big + "\r\n");
        requests.put("bad header line", "GET /api/auth/me HTTP/1.1\r\nHost: localhost\r\nOrigin: " + APP + "\r\nBad Header: x\r\n\r\n");
        for (Map.Entry<String, String> request : requests.entrySet()) {
            RawHttp.Answer answer = RawHttp.send(server.port(), request.getValue().getBytes(StandardCharsets.US_ASCII));
            assertThat(answer.status()).as(request.getKey()).isBetween(400, 499);
            assertThat(answer.headers().get("content-type")).as(request.getKey()).startsWith("application/problem+json");
            assertThat(answer.headers().get("access-control-allow-origin")).as(request.getKey()).isEqualTo(APP);
            assertThat(answer.headers().get("access-control-allow-credentials")).as(request.getKey()).isEqualTo("true");
            assertThat(answer.headers().get("access-control-expose-headers")).as(request.getKey()).contains("Retry-After");
            assertThat(answer.headers().get("vary")).as(request.getKey()).contains("Origin");
        }
        // Another origin, or none, gets no Access-Control-Allow-Origin on them.
        RawHttp.Answer evil = RawHttp.send(server.port(), ("GET /api/inventory/%ZZ HTTP/1.1\r\nHost: localhost\r\n"
                + "Origin: https://evil.example.net\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(evil.status()).isEqualTo(400);
        assertThat(evil.headers().get("access-control-allow-origin")).isNull();
        RawHttp.Answer none = RawHttp.send(server.port(), ("GET /api/auth/me HTTP/1.1\r\nHost: localhost\r\n" + big + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(none.status()).isEqualTo(431);
        assertThat(none.headers().get("access-control-allow-origin")).isNull();
    }

    @Test
    void a_preflight_is_answered_at_once_cached_for_two_hours_and_counted_by_no_budget() {
        String client = aClient();
        for (int i = 0; i < 10; i++) {
            ApiClient.Response preflight = api.send("OPTIONS", "/api/inventory/" + UUID.randomUUID(), null, null, from(APP, client,
                    "Access-Control-Request-Method", "PATCH",
                    "Access-Control-Request-Headers", "authorization, content-type, idempotency-key, if-match"));
            assertThat(preflight.status()).isEqualTo(204);
            readableByTheApp(preflight);
            assertThat(preflight.header("Access-Control-Allow-Methods")).contains("PATCH", "DELETE", "POST");
            assertThat(preflight.header("Access-Control-Allow-Headers")).isEqualTo("authorization, content-type, idempotency-key, if-match");
            assertThat(preflight.header("Access-Control-Max-Age")).isEqualTo("7200");
        }
        // the client's budget (3) is whole
        for (int i = 0; i < 3; i++) {
            assertThat(api.send("GET", "/api/auth/me", null, null, from(APP, client)).status()).isEqualTo(401);
        }
    }

    @Test
    void another_origin_gets_no_cors_headers() {
        ApiClient.Response answer = api.send("GET", "/api/auth/me", null, null, from("https://evil.example.net", aClient()));
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("Access-Control-Allow-Origin")).isNull();
        ApiClient.Response preflight = api.send("OPTIONS", "/api/inventory", null, null, from("https://evil.example.net", aClient(),
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization"));
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        assertThat(preflight.header("Access-Control-Allow-Methods")).isNull();
        // the second allowed origin is answered as itself
        ApiClient.Response other = api.send("GET", "/api/auth/me", null, null, from("https://other.example.com", aClient()));
        assertThat(other.header("Access-Control-Allow-Origin")).isEqualTo("https://other.example.com");
    }
}
