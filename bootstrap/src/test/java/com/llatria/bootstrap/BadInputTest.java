package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzz's findings, one by one (issue 6, "bad input gets a clear 4xx, never a 500"): each
 * request is malformed in one way and must get a 4xx problem document that names the problem.
 */
class BadInputTest extends ServerFixture {
    private ApiClient.User ann;
    private String item;

    @BeforeAll
    void seed() {
        ann = api.register(uniqueEmail("ann"));
        item = api.createItem(ann, "Lamp", "10", "active").get("id").asText();
    }

    private static void assertFieldError(ApiClient.Response r, String field) {
        String what = r.raw().request().method() + " " + r.raw().request().uri() + " -> " + r.status() + " " + r.body();
        assertThat(r.status()).as(what).isEqualTo(400);
        assertThat(r.contentType()).as(what).startsWith("application/problem+json");
        assertThat(r.json().get("errors").findValuesAsText("field")).as(what).contains(field);
    }

    private static void assertProblem(RawHttp.Answer a, int low, int high, String what) {
        assertThat(a.status()).as(what + " -> " + a.status() + " " + a.headers() + " " + a.body()).isBetween(low, high);
        assertThat(a.contentType()).as(what + " -> " + a.status() + " " + a.body()).startsWith("application/problem+json");
        assertThat(a.body()).as(what).contains("\"status\":" + a.status());
    }

    @Test
    void nul_and_control_characters_are_a_field_error_in_every_text_field() {
        for (String field : List.of("title", "description", "category", "sku")) {
            Map<String, Object> body = new java.util.HashMap<>(ApiClient.item("Lamp", "10"));
            body.put(field, "a\u0000b");
            assertFieldError(api.post("/api/inventory", ann.accessToken(), body), field);
            body.put(field, "bell\u0007");
            assertFieldError(api.post("/api/inventory", ann.accessToken(), body), field);
        }
        assertFieldError(api.put("/api/inventory/" + item, ann.accessToken(), ApiClient.item("La\u0000mp", "10")), "title");
        assertFieldError(api.post("/api/auth/register", null, Map.of("email", "nul\u0000@example.com", "password", "correct horse battery")),
                "email");
        assertFieldError(api.post("/api/auth/login", null, Map.of("email", ann.email(), "password", "a\u0000b")), "password");
        assertFieldError(api.patch("/api/inventory/" + item + "/sold", ann.accessToken(), Map.of("platform", "eb\u0000ay")), "platform");
        assertFieldError(api.post("/api/inventory", ann.accessToken(), "{\"title\":\"a\\ud800\",\"price\":{\"amount\":1}}"), "title");
        // Newlines and tabs are ordinary text in a description.
        Map<String, Object> multiline = new java.util.HashMap<>(ApiClient.item("Lamp", "10"));
        multiline.put("description", "line one\nline two\twith a tab\r\n");
        assertThat(api.post("/api/inventory", ann.accessToken(), multiline).status()).isEqualTo(201);
    }

    @Test
    void invalid_utf8_in_a_json_body_is_a_400_and_stores_nothing() {
        int before = api.get("/api/inventory", ann.accessToken()).json().get("items").size();
        for (byte[] bad : new byte[][]{{(byte) 0xff}, {(byte) 0xc3}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0x80}}) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes("{\"title\":\"La".getBytes(StandardCharsets.UTF_8));
            body.writeBytes(bad);
            body.writeBytes("mp\",\"price\":{\"amount\":\"10\"}}".getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(("POST /api/inventory HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ann.accessToken()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.size() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            request.writeBytes(body.toByteArray());
            RawHttp.Answer a = RawHttp.send(server.port(), request.toByteArray());
            assertProblem(a, 400, 400, "invalid UTF-8 " + java.util.HexFormat.of().formatHex(bad));
            assertThat(a.body()).contains("UTF-8");
        }
        assertThat(api.get("/api/inventory", ann.accessToken()).json().get("items")).hasSize(before);
    }

    @Test
    void nul_and_control_characters_in_query_parameters_are_a_field_error() {
        for (String param : List.of("q", "category", "status", "condition", "sort", "order", "cursor", "limit", "minPrice")) {
            assertFieldError(api.get("/api/inventory?" + param + "=a%00b", ann.accessToken()), param);
        }
        assertFieldError(api.get("/api/inventory?q=%1b%5b31m", ann.accessToken()), "q");
    }

    /** Findings 10.1, 10.2, 10.3 and 10.10: list parameters that reached PostgreSQL as 500s, or were silently half applied. */
    @Test
    void list_parameters_no_item_could_match_are_field_errors_and_a_stray_ampersand_is_nothing() {
        // 10.1: a category longer than any stored one made a tsquery token PostgreSQL refuses (500 from 2,037 characters)
        for (String category : List.of("x".repeat(101), "x".repeat(2037), "\u00e9".repeat(1100))) {
            assertFieldError(api.get("/api/inventory?category=" + java.net.URLEncoder.encode(category, java.nio.charset.StandardCharsets.UTF_8),
                    ann.accessToken()), "category");
        }
        assertThat(api.get("/api/inventory?category=" + "x".repeat(100), ann.accessToken()).status()).isEqualTo(200);
        // 10.2: hand-made cursors with times and prices no item can have
        String id = "00000000-0000-0000-0000-000000000001";
        for (String[] c : List.of(new String[] {"CREATED", "DESC", "+1000000000-12-31T23:59:59.999999999Z", "created", "desc"},
                new String[] {"CREATED", "DESC", "+294277-01-01T00:00:00Z", "created", "desc"},
                new String[] {"PRICE", "ASC", "-1E-999999", "price", "asc"},
                new String[] {"PRICE", "ASC", "1e999999999", "price", "asc"})) {
            String cursor = java.util.Base64.getUrlEncoder().encodeToString(("v1|" + c[0] + "|" + c[1] + "|" + c[2] + "|" + id).getBytes());
            assertFieldError(api.get("/api/inventory?sort=" + c[3] + "&order=" + c[4] + "&cursor=" + cursor, ann.accessToken()), "cursor");
        }
        // 10.3: "?limit=5&" and "?&limit=5" are what many URL builders write
        assertThat(api.get("/api/inventory?limit=5&", ann.accessToken()).status()).isEqualTo(200);
        assertThat(api.get("/api/inventory?&limit=5", ann.accessToken()).status()).isEqualTo(200);
        // 10.10: a 17th word was dropped without a word to the client, so items without it matched
        String sixteen = String.join("+", java.util.stream.IntStream.rangeClosed(1, 16).mapToObj(i -> "w" + i).toList());
        assertThat(api.get("/api/inventory?q=" + sixteen, ann.accessToken()).status()).isEqualTo(200);
        assertFieldError(api.get("/api/inventory?q=" + sixteen + "+zzznotthere", ann.accessToken()), "q");
        // 10.13: the first of two values was taken silently (status=active&status=sold listed active items only)
        for (String twice : List.of("status=active&status=sold", "minPrice=200&minPrice=0", "limit=5&limit=6", "sort=price&sort=created")) {
            assertFieldError(api.get("/api/inventory?" + twice, ann.accessToken()), twice.substring(0, twice.indexOf('=')));
        }
        assertThat(api.get("/api/inventory?status=&status=sold", ann.accessToken()).status()).as("an empty value is no value").isEqualTo(200);
    }

    @Test
    void price_filters_are_checked_like_a_price() {
        for (String value : List.of("1e-16384", "1e131072", "1.001", "-1", "10000000000", "NaN", "1e999999999999")) {
            assertFieldError(api.get("/api/inventory?minPrice=" + value, ann.accessToken()), "minPrice");
            assertFieldError(api.get("/api/inventory?maxPrice=" + value, ann.accessToken()), "maxPrice");
        }
        assertThat(api.get("/api/inventory?minPrice=0&maxPrice=9999999999.99", ann.accessToken()).status()).isEqualTo(200);
        assertThat(api.get("/api/inventory?minPrice=1e1&maxPrice=1.50E%2B2", ann.accessToken()).status()).isEqualTo(200);
    }

    @Test
    void a_sale_date_outside_a_sane_range_is_a_field_error() {
        String lamp = api.createItem(ann, "Lamp", "10", "active").get("id").asText();
        for (String soldAt : List.of("-100000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2999-01-01T00:00:00Z",
                "+1000000000-01-01T00:00:00Z")) {
            assertFieldError(api.patch("/api/inventory/" + lamp + "/sold", ann.accessToken(), Map.of("soldAt", soldAt)), "soldAt");
            ApiClient.Response bulk = api.post("/api/inventory/bulk", ann.accessToken(),
                    Map.of("action", "mark_sold", "ids", List.of(lamp), "sale", Map.of("soldAt", soldAt)));
            assertThat(bulk.status()).as(bulk.body()).isEqualTo(400);
            assertThat(bulk.json().get("errors").findValuesAsText("field")).containsAnyOf("soldAt", "sale.soldAt");
        }
        assertThat(api.patch("/api/inventory/" + lamp + "/sold", ann.accessToken(), Map.of("soldAt", "2020-02-29T12:00:00Z")).status())
                .isEqualTo(200);
    }

    @Test
    void a_malformed_percent_escape_in_the_path_is_a_400_on_every_route() {
        String token = "Bearer " + ann.accessToken();
        List<String> requests = new ArrayList<>();
        for (String bad : List.of("%u0041", "%zz", "%", "%4", "%c3%28", "%00")) {
            requests.add("GET /api/inventory/" + bad);
            requests.add("PUT /api/inventory/" + bad);
            requests.add("DELETE /api/inventory/" + bad);
            requests.add("PATCH /api/inventory/" + bad + "/sold");
            requests.add("POST /api/inventory/" + bad + "/images");
            requests.add("PUT /api/inventory/" + bad + "/images/reorder");
            requests.add("DELETE /api/inventory/" + item + "/images/" + bad);
            requests.add("GET /files/users/" + bad);
            requests.add("GET /api/no-such/" + bad);
        }
        for (String request : requests) {
            String raw = request + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
            RawHttp.Answer a = RawHttp.send(server.port(), raw);
            assertProblem(a, 400, 404, request);
        }
        // In the query a malformed escape is a 400 too; bytes that are not UTF-8 decode leniently (as U+FFFD).
        for (String bad : List.of("%u0041", "%zz", "%", "%4")) {
            RawHttp.Answer a = RawHttp.send(server.port(), "GET /api/inventory?q=" + bad + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                    + token + "\r\nConnection: close\r\n\r\n");
            assertProblem(a, 400, 400, "query " + bad);
            assertThat(a.body()).contains("\"field\":\"query\"");
        }
        assertThat(api.get("/api/inventory?q=%c3%28", ann.accessToken()).status()).isEqualTo(200);
    }

    @Test
    void a_body_over_the_limit_is_a_413_problem_on_every_endpoint() {
        String big = "{\"email\":\"" + "a".repeat(3 * 1024 * 1024) + "\"}";
        for (String path : List.of("/api/auth/login", "/api/auth/register", "/api/auth/refresh", "/api/inventory",
                "/api/inventory/bulk", "/api/inventory/" + item + "/sold", "/api/inventory/" + item + "/images/reorder")) {
            // Refused from its Content-Length, before a byte of the body is read: the headers
            // alone get the 413 (a server that waited for the body would time out here).
            String method = path.endsWith("sold") ? "PATCH" : path.endsWith("reorder") ? "PUT" : "POST";
            RawHttp.Answer a = RawHttp.send(server.port(), (method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + ann.accessToken() + "\r\nContent-Type: application/json\r\nContent-Length: " + big.length() + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1), false);
            assertProblem(a, 413, 413, path);
        }
        // The same without a Content-Length: a chunked body that turns out to be too long.
        StringBuilder chunked = new StringBuilder("POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        String chunk = "a".repeat(64 * 1024);
        for (int i = 0; i < 40; i++) chunked.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        chunked.append("0\r\n\r\n");
        assertProblem(RawHttp.send(server.port(), chunked.toString()), 413, 413, "chunked 2.5 MB login");
    }

    @Test
    void broken_framing_is_a_4xx_problem() {
        String head = "POST /api/inventory HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ann.accessToken()
                + "\r\nContent-Type: application/json\r\n";
        assertProblem(RawHttp.send(server.port(), head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"), 400, 499, "bad chunk size");
        assertProblem(RawHttp.send(server.port(), head + "Transfer-Encoding: chunked\r\n\r\n5\r\n{}\r\n0\r\n\r\n"), 400, 499, "chunk shorter than its size");
        assertProblem(RawHttp.send(server.port(), head + "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n{}"), 400, 499, "huge chunk size");
        assertProblem(RawHttp.send(server.port(), head + "Content-Length: 100\r\n\r\n{\"title\":"), 400, 499, "body shorter than Content-Length");
        assertProblem(RawHttp.send(server.port(), head + "Content-Length: -5\r\n\r\n{}"), 400, 499, "negative Content-Length");
        assertProblem(RawHttp.send(server.port(), head + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}"), 400, 499, "two Content-Lengths");
    }

    @Test
    void errors_jetty_produces_itself_are_problems_too() {
        assertProblem(RawHttp.send(server.port(), "GET /api/inventory?q=" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
                414, 414, "URI too long");
        assertProblem(RawHttp.send(server.port(), "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n"),
                431, 431, "header too large");
        assertProblem(RawHttp.send(server.port(), "GARBAGE\r\n\r\n"), 400, 499, "bad request line");
        assertProblem(RawHttp.send(server.port(), "GET /health HTTP/9.9\r\nHost: x\r\n\r\n"), 400, 400, "bad version");
        assertProblem(RawHttp.send(server.port(), "GET /api/\u0001inventory HTTP/1.1\r\nHost: x\r\n\r\n"), 400, 499, "control char in path");
        assertProblem(RawHttp.send(server.port(), "GET /api/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"), 400, 404, "dot segments");
        assertProblem(RawHttp.send(server.port(), "GET /api/inventory HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n"), 400, 499, "bad header name");
        assertProblem(RawHttp.send(server.port(), "GET /health HTTP/1.1\r\n\r\n"), 400, 499, "no Host");
        assertProblem(RawHttp.send(server.port(), "GET /api/inventory/%2e%2e/%2e%2e HTTP/1.1\r\nHost: x\r\n\r\n"), 400, 404, "encoded dots");
    }

    @Test
    void malformed_multipart_is_a_4xx_problem() {
        String path = "/api/inventory/" + item + "/images";
        String auth = "Authorization: Bearer " + ann.accessToken() + "\r\n";
        byte[] jpeg = com.llatria.adapters.storage.testing.TestImages.jpeg(64, 48);
        List<byte[]> bodies = List.of(
                multipart("POST " + path, auth + "Content-Type: multipart/form-data\r\n", part("xyz", "a.jpg", jpeg), "xyz"),
                multipart("POST " + path, auth + "Content-Type: multipart/form-data; boundary=abc\r\n", part("xyz", "a.jpg", jpeg), "xyz"),
                multipart("POST " + path, auth + "Content-Type: multipart/form-data; boundary=xyz\r\n", truncate(part("xyz", "a.jpg", jpeg)), null),
                multipart("POST " + path, auth + "Content-Type: multipart/form-data; boundary=xyz\r\n", part("xyz", "a\u0000.jpg", jpeg), "xyz"),
                multipart("POST " + path, auth + "Content-Type: multipart/form-data; boundary=xyz\r\n",
                        "--xyz\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.jpg\"\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), null),
                multipart("POST " + path, auth + "Content-Type: multipart/form-data; boundary=xyz\r\n",
                        "--xyz\r\nno headers at all\r\n--xyz--\r\n".getBytes(StandardCharsets.ISO_8859_1), null),
                multipart("POST " + path, auth + "Content-Type: multipart/form-data; boundary=" + "b".repeat(5000) + "\r\n",
                        part("xyz", "a.jpg", jpeg), "xyz"));
        for (byte[] request : bodies) {
            assertProblem(RawHttp.send(server.port(), request), 400, 499, RawHttp.preview(request));
        }
        // One part over the per-file limit, and a request over the whole-request limit.
        byte[] oversized = new byte[16 * 1024 * 1024];
        ApiClient.Response tooBig = api.upload(path, ann.accessToken(), List.of(new ApiClient.Part("big.jpg", "image/jpeg", oversized)));
        assertThat(tooBig.status()).as(tooBig.body()).isEqualTo(413);
        assertThat(tooBig.contentType()).startsWith("application/problem+json");
        JsonNode stored = api.get("/api/inventory/" + item, ann.accessToken()).json();
        assertThat(stored.get("images")).isEmpty();
    }

    @Test
    void files_that_are_not_photo_keys_are_404() {
        for (String path : List.of("/files/users", "/files/users/", "/files/users/" + ann.id(), "/files/" + "a".repeat(5000),
                "/files/users/" + ann.id() + "/inventory/" + item + "/" + "x".repeat(300) + ".webp", "/files/.", "/files/%2e%2e/etc/passwd")) {
            ApiClient.Response r = api.get(path, null);
            assertThat(r.status()).as(path + " " + r.body()).isEqualTo(404);
            assertThat(r.contentType()).as(path).startsWith("application/problem+json");
        }
    }

    private static byte[] part(String boundary, String filename, byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + filename
                + "\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static byte[] truncate(byte[] part) {
        return java.util.Arrays.copyOf(part, part.length / 2);
    }

    private static byte[] multipart(String requestLine, String headers, byte[] parts, String closingBoundary) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(parts);
        if (closingBoundary != null) body.writeBytes(("--" + closingBoundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((requestLine + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers + "Content-Length: "
                + body.size() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }
}
