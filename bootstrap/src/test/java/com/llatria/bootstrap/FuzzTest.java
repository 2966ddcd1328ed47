package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random malformed requests over real HTTP (raw sockets) to the real server on real
 * PostgreSQL: broken request lines, headers and chunking, and mutated JSON, query strings,
 * paths and multipart bodies on every route, signed in and not. No answer may be a 5xx, and
 * every 4xx must be a problem document. The seed is printed; rerun one with
 * {@code -Dllatria.fuzz.seed=...}, and change the amount with {@code -Dllatria.fuzz.requests=...}.
 */
class FuzzTest extends ServerFixture {
    private static final int REQUESTS = Integer.getInteger("llatria.fuzz.requests", 5000);
    private static final Duration TIME_LIMIT = Duration.ofSeconds(Long.getLong("llatria.fuzz.seconds", 60));

    private Random random;
    private final List<String> tokens = new ArrayList<>();
    private final List<String> itemIds = new ArrayList<>();
    private final List<String> imageIds = new ArrayList<>();
    private final List<String> fileKeys = new ArrayList<>();
    private String refreshToken;

    /** A route and a well-formed body for it, which the mutators start from. */
    record Route(String method, String path, Supplier<Object> body) {
    }

    @Test
    void malformed_requests_never_get_a_5xx_and_every_4xx_is_a_problem() {
        long seed = Long.getLong("llatria.fuzz.seed", System.nanoTime());
        System.out.println("[fuzz] seed " + seed + " (rerun with -Dllatria.fuzz.seed=" + seed + ")");
        random = new Random(seed);
        seedData();
        List<Route> routes = routes();
        Map<String, Supplier<byte[]>> categories = new LinkedHashMap<>();
        categories.put("request line", this::badRequestLine);
        categories.put("headers", () -> badHeaders(pick(routes)));
        categories.put("chunking/length", () -> badFraming(pick(routes)));
        categories.put("json body", () -> mutatedJson(pick(routes)));
        categories.put("query", this::mutatedQuery);
        categories.put("path", () -> mutatedPath(pick(routes)));
        categories.put("multipart", this::mutatedMultipart);
        List<String> names = new ArrayList<>(categories.keySet());

        Map<String, Integer> sent = new TreeMap<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
        int count = 0;
        for (; count < REQUESTS && System.nanoTime() < deadline; count++) {
            String category = names.get(random.nextInt(names.size()));
            byte[] request = categories.get(category).get();
            RawHttp.Answer answer = RawHttp.send(server.port(), request);
            sent.merge(category, 1, Integer::sum);
            statuses.merge(answer.status(), 1, Integer::sum);
            String problem = judge(answer);
            if (problem != null && failures.size() < 20) {
                failures.add(category + ": " + problem + "\n    request: " + RawHttp.preview(request));
            }
        }
        System.out.println("[fuzz] " + count + " requests in categories " + sent + "; statuses " + statuses
                + " (0 = connection closed without an answer)");
        assertThat(failures).as("seed " + seed).isEmpty();
        assertThat(count).as("requests sent").isGreaterThan(Math.min(REQUESTS, 200));
        // And the server is still fine.
        assertThat(api.get("/health", null).status()).isEqualTo(200);
    }

    /** Why an answer breaks the rules, or null when it keeps them. */
    private static String judge(RawHttp.Answer answer) {
        if (answer.status() >= 500) return answer.status() + " " + answer.body();
        if (answer.status() >= 400) {
            if (!answer.isProblem()) return answer.status() + " is not problem+json: " + answer.headers() + " " + answer.body();
            try {
                JsonNode json = ApiClient.JSON.readTree(answer.body());
                if (json.get("status") == null || json.get("status").asInt() != answer.status()) return "status mismatch: " + answer.body();
                if (json.get("type") == null || json.get("title") == null) return "incomplete problem: " + answer.body();
            } catch (Exception e) {
                return answer.status() + " body is not JSON: " + answer.body();
            }
        }
        return null;
    }

    private void seedData() {
        ApiClient.User ann = api.register(uniqueEmail("fuzz-ann"));
        ApiClient.User bob = api.register(uniqueEmail("fuzz-bob"));
        tokens.add(ann.accessToken());
        tokens.add(bob.accessToken());
        refreshToken = ann.refreshToken();
        for (int i = 0; i < 3; i++) itemIds.add(api.createItem(ann, "Fuzz item " + i, "10", "active").get("id").asText());
        itemIds.add(api.createItem(bob, "Bob's item", "5", null).get("id").asText());
        ApiClient.Response upload = api.upload("/api/inventory/" + itemIds.get(0) + "/images", ann.accessToken(),
                List.of(new ApiClient.Part("a.jpg", "image/jpeg", com.llatria.adapters.storage.testing.TestImages.jpeg(64, 48))));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        for (JsonNode image : upload.json().get("images")) {
            imageIds.add(image.get("id").asText());
            image.findValues("webp").forEach(url -> fileKeys.add(url.asText()));
        }
    }

    private List<Route> routes() {
        Supplier<Object> none = () -> null;
        Supplier<Object> credentials = () -> Map.of("email", uniqueEmail("fuzz"), "password", "correct horse battery");
        Supplier<Object> item = () -> Map.of("title", "Lamp", "price", Map.of("amount", "12.50", "currency", "USD"),
                "condition", "used", "category", "Home", "sku", "L-1", "description", "A lamp");
        Supplier<Object> sale = () -> Map.of("soldAt", "2026-01-02T03:04:05Z", "soldPrice", Map.of("amount", "9.99"), "platform", "ebay");
        Supplier<Object> bulk = () -> Map.of("action", "mark_sold", "ids", List.of(pickId()), "sale", Map.of("platform", "ebay"));
        Supplier<Object> reorder = () -> Map.of("imageIds", new ArrayList<>(imageIds));
        return List.of(
                new Route("POST", "/api/auth/register", credentials),
                new Route("POST", "/api/auth/login", credentials),
                new Route("POST", "/api/auth/refresh", () -> Map.of("refreshToken", refreshToken)),
                new Route("POST", "/api/auth/logout", () -> Map.of("refreshToken", UUID.randomUUID().toString())),
                new Route("GET", "/api/auth/me", none),
                new Route("POST", "/api/auth/password", () -> Map.of("currentPassword", "wrong password!", "newPassword", "another long one")),
                new Route("GET", "/api/inventory", none),
                new Route("POST", "/api/inventory", item),
                new Route("POST", "/api/inventory/bulk", bulk),
                new Route("GET", "/api/inventory/{id}", none),
                new Route("PUT", "/api/inventory/{id}", item),
                new Route("PATCH", "/api/inventory/{id}", () -> Map.of("title", "Patched")),
                new Route("DELETE", "/api/inventory/{id}", none),
                new Route("PATCH", "/api/inventory/{id}/sold", sale),
                new Route("PUT", "/api/inventory/{id}/images/reorder", reorder),
                new Route("DELETE", "/api/inventory/{id}/images/{imageId}", none),
                new Route("GET", "/files/{key}", none),
                new Route("GET", "/health", none));
    }

    // ---- request building ----

    private String path(Route route) {
        return route.path().replace("{id}", pickId()).replace("{imageId}", imageIds.isEmpty() ? UUID.randomUUID().toString() : pick(imageIds))
                .replace("/files/{key}", fileKeys.isEmpty() ? "/files/x" : stripBase(pick(fileKeys)));
    }

    private static String stripBase(String url) {
        int at = url.indexOf("/files/");
        return at >= 0 ? url.substring(at) : url;
    }

    private String pickId() {
        return random.nextInt(10) == 0 ? UUID.randomUUID().toString() : pick(itemIds);
    }

    private String authorization() {
        return switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> "Authorization: Bearer " + garbageToken() + "\r\n";
            case 2 -> "Authorization: Basic dXNlcjpwYXNz\r\n";
            default -> "Authorization: Bearer " + pick(tokens) + "\r\n";
        };
    }

    private String garbageToken() {
        String token = pick(tokens);
        return switch (random.nextInt(4)) {
            case 0 -> token.substring(0, random.nextInt(token.length()));
            case 1 -> token.replace('.', random.nextBoolean() ? '_' : '.') + "x";
            case 2 -> "eyJhbGciOiJub25lIn0." + token.split("\\.")[1] + ".";
            default -> randomText(random.nextInt(60));
        };
    }

    private static byte[] request(String method, String target, String headers, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers
                + (body == null ? "" : "Content-Length: " + body.length + "\r\n") + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) out.writeBytes(body);
        return out.toByteArray();
    }

    private byte[] json(Route route, String body) {
        return request(route.method(), path(route), authorization() + "Content-Type: application/json\r\n",
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    // ---- categories ----

    private byte[] badRequestLine() {
        String[] methods = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "G\u0000ET", "get", "FOO", "", "PRI"};
        String method = methods[random.nextInt(methods.length)];
        String target = switch (random.nextInt(8)) {
            case 0 -> "/api/inventory/" + randomText(random.nextInt(40));
            case 1 -> "*";
            case 2 -> "http://evil.example/api/inventory";
            case 3 -> "/api/" + "a".repeat(random.nextInt(20_000));
            case 4 -> "/api/inventory/" + "%".repeat(random.nextInt(5)) + randomBytesAsLatin1(4);
            case 5 -> "/../../" + randomText(10);
            case 6 -> "";
            default -> "/api/inventory?" + randomText(30).replace(' ', '+');
        };
        String version = pick(List.of("HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/9.9", "HTTPS/1.1", "", "HTTP/1.1 extra"));
        String line = random.nextInt(10) == 0 ? randomBytesAsLatin1(random.nextInt(100)) : method + " " + target + " " + version;
        return (line + "\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private byte[] badHeaders(Route route) {
        String body = route.body().get() == null ? null : ApiClient.json(route.body().get());
        String header = switch (random.nextInt(10)) {
            case 0 -> "X-Big: " + "a".repeat(random.nextInt(100_000)) + "\r\n";
            case 1 -> "Bad Header: x\r\n";
            case 2 -> "Content-Type: " + pick(List.of("text/plain", "application/json; charset=ebcdic", "multipart/form-data",
                    "application/x-www-form-urlencoded", "*/*", "\u0001")) + "\r\n";
            case 3 -> "X-Device-Id: " + randomText(random.nextInt(100)) + "\r\n";
            case 4 -> "Authorization: " + randomText(random.nextInt(200)) + "\r\n";
            case 5 -> "Content-Encoding: gzip\r\n";
            case 6 -> "Expect: 100-continue\r\n";
            case 7 -> ":authority: x\r\n";
            case 8 -> "If-Match: " + randomText(20) + "\r\n";
            default -> "X-Many: 1\r\n".repeat(random.nextInt(2000));
        };
        return request(route.method(), path(route), authorization() + "Content-Type: application/json\r\n" + header,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] badFraming(Route route) {
        String body = route.body().get() == null ? "{}" : ApiClient.json(route.body().get());
        String head = route.method() + " " + path(route) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + authorization()
                + "Content-Type: application/json\r\n";
        String framed = switch (random.nextInt(8)) {
            case 0 -> head + "Transfer-Encoding: chunked\r\n\r\n" + randomText(3) + "\r\n" + body + "\r\n0\r\n\r\n";
            case 1 -> head + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length() + 1 + random.nextInt(50)) + "\r\n" + body;
            case 2 -> head + "Content-Length: " + (body.length() + 1 + random.nextInt(1000)) + "\r\n\r\n" + body;
            case 3 -> head + "Content-Length: " + pick(List.of("-1", "abc", "99999999999999999999", "1 2", "")) + "\r\n\r\n" + body;
            case 4 -> head + "Content-Length: " + body.length() + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body;
            case 5 -> head + "Transfer-Encoding: " + pick(List.of("gzip", "chunked, gzip", "identity", "xchunked")) + "\r\n\r\n" + body;
            case 6 -> head + "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\n" + body;
            default -> head + "Content-Length: " + body.length() + "\r\nContent-Length: " + (body.length() + 1) + "\r\n\r\n" + body;
        };
        return framed.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] mutatedJson(Route route) {
        Object base = route.body().get();
        if (base == null || random.nextInt(5) == 0) {
            // A body where none or another is expected.
            return json(route, random.nextBoolean() ? randomJsonValue(3) : randomText(random.nextInt(50)));
        }
        Object mutated = mutate(base, 0);
        String text = ApiClient.json(mutated);
        if (random.nextInt(6) == 0) text = text.substring(0, random.nextInt(text.length() + 1));
        if (random.nextInt(10) == 0) text = text + pick(List.of(" trailing", "}", ",", "\u0000"));
        if (random.nextInt(15) == 0) text = "[".repeat(5000) + "]".repeat(5000);
        if (random.nextInt(20) == 0) text = "{\"title\":\"" + "x".repeat(1_100_000) + "\"}";
        return json(route, text);
    }

    @SuppressWarnings("unchecked")
    private Object mutate(Object value, int depth) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) map);
            int changes = 1 + random.nextInt(3);
            for (int i = 0; i < changes && !copy.isEmpty(); i++) {
                List<String> keys = new ArrayList<>(copy.keySet());
                String key = pick(keys);
                switch (random.nextInt(5)) {
                    case 0 -> copy.remove(key);
                    case 1 -> copy.put(key, randomValue(depth));
                    case 2 -> copy.put(key, mutate(copy.get(key), depth + 1));
                    case 3 -> copy.put(randomText(random.nextInt(12)), randomValue(depth));
                    default -> copy.put(key, null);
                }
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list);
            if (!copy.isEmpty() && random.nextBoolean()) copy.set(random.nextInt(copy.size()), randomValue(depth));
            else copy.add(randomValue(depth));
            if (random.nextInt(8) == 0) for (int i = 0; i < 600; i++) copy.add(UUID.randomUUID().toString());
            return copy;
        }
        return randomValue(depth);
    }

    private Object randomValue(int depth) {
        return switch (random.nextInt(depth > 2 ? 9 : 11)) {
            case 0 -> randomText(random.nextInt(30));
            case 1 -> pick(List.of(0, -1, 1, Integer.MAX_VALUE, Long.MIN_VALUE));
            case 2 -> new java.math.BigDecimal(pick(List.of("1e-16384", "1e131072", "0.001", "-0.01", "99999999999.99", "12.345", "1E+2")));
            case 3 -> random.nextBoolean();
            case 4 -> pick(List.of("", " ", "\u0000", "a\u0000b", "\u202e", "\ud83d\ude00", "'; drop table items; --", "%00", "\\u0000"));
            case 5 -> pick(List.of("-100000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "9999-12-31T23:59:59Z", "2026-13-45T99:00:00Z",
                    "+1000000000-01-01T00:00:00Z", "2026-01-01"));
            case 6 -> pick(List.of(UUID.randomUUID().toString(), "not-a-uuid", pick(itemIds)));
            case 7 -> "x".repeat(random.nextInt(20_000));
            case 8 -> pick(List.of("draft", "active", "sold", "deleted", "ebay", "new", "used", "USD", "usd", "XXX", "mark_sold", "relist"));
            case 9 -> new ArrayList<>(List.of(randomValue(depth + 1), randomValue(depth + 1)));
            default -> new LinkedHashMap<>(Map.of("amount", randomValue(depth + 1), randomText(5), randomValue(depth + 1)));
        };
    }

    private String randomJsonValue(int depth) {
        return ApiClient.json(randomValue(depth));
    }

    private byte[] mutatedQuery() {
        List<String> names = List.of("status", "category", "condition", "minPrice", "maxPrice", "q", "sort", "order", "limit", "cursor",
                "unknown", "", "q[]");
        List<String> values = List.of("%00", "a%00b", "1e-16384", "1e131072", "-1", "0", "101", "99999999999999999999", "NaN",
                "%u0041", "%zz", "%", "%c3%28", "%ff%fe", "price", "asc", "desc", "active", "\u0001", "%1b%5b31m",
                "eyJub3QiOiJhIGN1cnNvciJ9", "x".repeat(300), "1.005", "12.5");
        StringBuilder query = new StringBuilder();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            if (i > 0) query.append(random.nextInt(10) == 0 ? ";" : "&");
            query.append(pick(names));
            if (random.nextInt(10) != 0) query.append('=').append(random.nextInt(4) == 0 ? randomText(8).replace(' ', '+') : pick(values));
        }
        return request("GET", "/api/inventory?" + query, authorization(), null);
    }

    private byte[] mutatedPath(Route route) {
        String path = path(route);
        String[] segments = path.split("/");
        int at = 1 + random.nextInt(Math.max(1, segments.length - 1));
        if (at < segments.length) {
            segments[at] = pick(List.of("%u0041", "%zz", "%", "%00", "%2e%2e", "..", ".", "%2F", "a%c3%28", "%ff", UUID.randomUUID().toString(),
                    "x".repeat(random.nextInt(3000)), ";jsessionid=1", "%20", "\u00e9", randomText(10).replace(' ', '_')));
        }
        String target = String.join("/", segments) + (random.nextInt(8) == 0 ? "/" : "");
        Object body = route.body().get();
        return request(route.method(), target, authorization() + "Content-Type: application/json\r\n",
                body == null ? null : ApiClient.json(body).getBytes(StandardCharsets.UTF_8));
    }

    private byte[] mutatedMultipart() {
        String boundary = random.nextInt(8) == 0 ? randomText(random.nextInt(80)) : "fuzz" + random.nextInt(1000);
        String declared = switch (random.nextInt(6)) {
            case 0 -> "multipart/form-data";
            case 1 -> "multipart/form-data; boundary=other";
            case 2 -> "multipart/form-data; boundary=\"" + boundary + "\"";
            case 3 -> "multipart/mixed; boundary=" + boundary;
            default -> "multipart/form-data; boundary=" + boundary;
        };
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int parts = random.nextInt(4);
        for (int i = 0; i < parts; i++) {
            String filename = pick(List.of("a.jpg", "a\u0000.jpg", "../../etc/passwd", "", "x".repeat(5000), "\u202egpj.exe", "a\"b.jpg"));
            String name = pick(List.of("files", "file", "", "files\u0000"));
            String headers = random.nextInt(10) == 0 ? "garbage\r\n"
                    : "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\nContent-Type: "
                    + pick(List.of("image/jpeg", "image/png", "text/plain", "")) + "\r\n";
            body.writeBytes(("--" + boundary + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
            byte[] content = switch (random.nextInt(4)) {
                case 0 -> com.llatria.adapters.storage.testing.TestImages.jpeg(16, 16);
                case 1 -> randomBytes(random.nextInt(2000));
                case 2 -> java.util.Arrays.copyOf(com.llatria.adapters.storage.testing.TestImages.png(16, 16), 40);
                default -> new byte[0];
            };
            body.writeBytes(content);
            body.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        if (random.nextInt(4) != 0) body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        byte[] bytes = body.toByteArray();
        if (random.nextInt(5) == 0 && bytes.length > 0) bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
        return request("POST", "/api/inventory/" + pickId() + "/images", authorization() + "Content-Type: " + declared + "\r\n", bytes);
    }

    // ---- randomness ----

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind < 6) text.append((char) ('a' + random.nextInt(26)));
            else if (kind < 7) text.append((char) random.nextInt(0x20));
            else if (kind < 8) text.append((char) (0x80 + random.nextInt(0x780)));
            else if (kind < 9) text.append(pick(List.of(" ", "%", "\"", "\\", "/", "?", "#", "&", "=", "{", "}")));
            else text.appendCodePoint(0x1F600 + random.nextInt(50));
        }
        return text.toString();
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private String randomBytesAsLatin1(int length) {
        return new String(randomBytes(length), StandardCharsets.ISO_8859_1);
    }
}
