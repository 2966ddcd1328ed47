package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small HTTP client for the API tests: real requests over loopback, JSON in and out. */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    record Response(int status, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + raw.body(), e);
            }
        }

        String body() {
            return raw.body();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }
    }

    /** A signed-in user as the tests see one. */
    record User(String id, String email, String accessToken, String refreshToken) {
    }

    Response send(String method, String path, String token, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) request.header("Content-Type", "application/json");
        if (token != null) request.header("Authorization", "Bearer " + token);
        headers.forEach(request::setHeader);
        HttpResponse<String> response = exchange(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response);
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Part(String filename, String contentType, byte[] bytes) {
    }

    /** A multipart/form-data POST, one "files" part per file, as a browser or phone app sends it. */
    Response upload(String path, String token, List<Part> parts) {
        return upload(path, token, parts, Map.of());
    }

    /** The same, with plain form fields before the files (options such as {@code createDraft=true}). */
    Response upload(String path, String token, List<Part> parts, Map<String, String> fields) {
        return upload(path, token, parts, fields, Map.of());
    }

    /** The same, with more request headers (an Idempotency-Key). */
    Response upload(String path, String token, List<Part> parts, Map<String, String> fields, Map<String, String> headers) {
        String boundary = "llatria-" + java.util.UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
                + "\"\r\n\r\n" + value + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        for (Part part : parts) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + part.filename()
                    + "\"\r\nContent-Type: " + part.contentType() + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            body.writeBytes(part.bytes());
            body.writeBytes("\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        headers.forEach(request::setHeader);
        HttpResponse<String> response = exchange(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response);
    }

    /** A multipart body written by the caller, parts named as it likes (for refusals of odd forms). */
    Response rawMultipart(String path, String token, String boundary, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response);
    }

    /** Fetches a photo URL as a client would: relative ones from this server, absolute ones as they are. */
    HttpResponse<byte[]> fetch(String url) {
        URI uri = url.startsWith("http") ? URI.create(url) : URI.create(base + url);
        return exchange(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    Response send(String method, String path, String token, Object body) {
        return send(method, path, token, body == null ? null : json(body), Map.of());
    }

    Response get(String path, String token) {
        return send("GET", path, token, null);
    }

    Response post(String path, String token, Object body) {
        return send("POST", path, token, body);
    }

    Response put(String path, String token, Object body) {
        return send("PUT", path, token, body);
    }

    Response delete(String path, String token) {
        return send("DELETE", path, token, null);
    }

    Response patch(String path, String token, Object body) {
        return send("PATCH", path, token, body);
    }

    User register(String email) {
        Response r = post("/api/auth/register", null, Map.of("email", email, "password", "correct horse battery"));
        if (r.status() != 201) throw new AssertionError("register failed: " + r.body());
        JsonNode j = r.json();
        return new User(j.at("/user/id").asText(), email, j.get("accessToken").asText(), j.get("refreshToken").asText());
    }

    /** Creates an item and returns its JSON. */
    JsonNode createItem(User user, String title, String price, String status) {
        Map<String, Object> body = item(title, price);
        if (status != null) body.put("status", status);
        Response r = post("/api/inventory", user.accessToken(), body);
        if (r.status() != 201) throw new AssertionError("create failed: " + r.body());
        return r.json();
    }

    static Map<String, Object> item(String title, String price) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        body.put("price", Map.of("amount", price));
        return body;
    }

    static String json(Object value) {
        if (value instanceof String s) return s;
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
