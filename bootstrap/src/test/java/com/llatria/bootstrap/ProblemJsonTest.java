package com.llatria.bootstrap;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9457: every error body is problem+json with type, title, status and detail, and no internals. */
class ProblemJsonTest extends ServerFixture {

    @Test
    void every_error_answers_with_a_problem_document_and_no_internals() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String token = ann.accessToken();
        List<ApiClient.Response> errors = List.of(
                api.get("/api/no-such-endpoint", token),
                api.get("/api/inventory/" + UUID.randomUUID(), token),
                api.get("/api/inventory/42", token),
                api.get("/api/inventory?limit=9999", token),
                api.get("/api/auth/me", "garbage"),
                api.post("/api/inventory", token, "{\"title\": "),
                api.post("/api/inventory", token, Map.of("title", "x", "price", Map.of("amount", 1), "hack", true)),
                api.post("/api/auth/login", null, Map.of("email", "a@b.co", "password", "whatever!")),
                api.post("/api/auth/register", null, Map.of("email", ann.email(), "password", "whatever!")),
                api.send("POST", "/api/inventory", token, "[1, 2, 3]", Map.of()),
                api.send("POST", "/api/inventory", token, "{\"title\":\"x\",\"price\":{\"amount\":1}} trailing", Map.of()));

        for (ApiClient.Response r : errors) {
            String what = r.raw().request().method() + " " + r.raw().request().uri() + " -> " + r.body();
            assertThat(r.status()).as(what).isBetween(400, 599);
            assertThat(r.contentType()).as(what).startsWith("application/problem+json");
            var json = r.json();
            assertThat(json.get("status").asInt()).as(what).isEqualTo(r.status());
            assertThat(json.get("type").asText()).as(what).startsWith("urn:llatria:problem:");
            assertThat(json.get("title").asText()).as(what).isNotBlank();
            assertThat(json.get("detail").asText()).as(what).isNotBlank();
            // One shape for clients: the list is there even when no field is at fault (a 404, a 401).
            assertThat(json.get("errors").isArray()).as(what).isTrue();
            assertThat(r.body()).as(what).doesNotContain("Exception", "at com.", "SQL", "jooq", "jackson");
        }
    }

    @Test
    void head_answers_what_get_would_without_a_body() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        ApiClient.User bob = api.register(uniqueEmail("bob"));
        String item = api.createItem(ann, "Lamp", "10", "active").get("id").asText();
        String etag = api.get("/api/inventory/" + item, ann.accessToken()).raw().headers().firstValue("ETag").orElseThrow();

        ApiClient.Response own = api.send("HEAD", "/api/inventory/" + item, ann.accessToken(), null, Map.of());
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.raw().headers().firstValue("ETag")).contains(etag);
        assertThat(own.body()).isEmpty();

        assertThat(api.send("HEAD", "/api/inventory/" + item, null, null, Map.of()).status()).isEqualTo(401);
        assertThat(api.send("HEAD", "/api/inventory/" + item, bob.accessToken(), null, Map.of()).status()).isEqualTo(404);
        assertThat(api.send("HEAD", "/api/inventory/" + UUID.randomUUID(), ann.accessToken(), null, Map.of()).status()).isEqualTo(404);
        api.delete("/api/inventory/" + item, ann.accessToken());
        assertThat(api.send("HEAD", "/api/inventory/" + item, ann.accessToken(), null, Map.of()).status()).isEqualTo(404);
        assertThat(api.send("HEAD", "/api/inventory", ann.accessToken(), null, Map.of()).status()).isEqualTo(200);
    }
}
