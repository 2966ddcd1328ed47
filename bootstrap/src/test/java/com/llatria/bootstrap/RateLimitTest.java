package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.llatria.adapters.persistence.memory.InMemoryRateLimits;
import com.llatria.adapters.persistence.redis.RedisConnections;
import com.llatria.adapters.persistence.redis.RedisRateLimits;
import com.llatria.adapters.persistence.testing.TestRedis;
import com.llatria.adapters.web.RateLimiting;
import com.llatria.domain.fixtures.MutableClock;
import com.llatria.domain.port.RateLimits;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Requests per minute, per address and per user, over real HTTP. Time is a clock the test moves,
 * so "in a minute" never depends on how fast this machine is; other client addresses come from
 * binding sockets to other loopback addresses (127.0.0.2, ...).
 */
class RateLimitTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MutableClock clock = new MutableClock(Instant.now());
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) resources.get(i).close();
    }

    private int server(RateLimiting.Limits limits, RateLimits store) {
        Llatria llatria = Llatria.builder().inMemory().jwtSecret(ServerFixture.SECRET).clock(clock).bcryptCost(10)
                .rateLimits(limits).rateLimitStore(store).build();
        Javalin javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            llatria.http().mount(config.routes);
        }).start("127.0.0.1", 0);
        resources.add(llatria);
        resources.add(javalin::stop);
        return javalin.port();
    }

    private int server(RateLimiting.Limits limits) {
        return server(limits, new InMemoryRateLimits(clock, 10_000));
    }

    @Test
    void the_hundred_and_first_anonymous_request_in_a_minute_is_429_with_retry_after_and_a_problem() throws Exception {
        int port = server(RateLimiting.Limits.DEFAULT);
        for (int i = 0; i < 100; i++) {
            Answer answer = get(port, "127.0.0.1", "/api/auth/me", Map.of());
            assertThat(answer.status).as("request %d", i + 1).isEqualTo(401);
        }
        Answer refused = get(port, "127.0.0.1", "/api/auth/me", Map.of());

        assertThat(refused.status).isEqualTo(429);
        assertThat(refused.headers.get("content-type")).startsWith("application/problem+json");
        assertThat(Integer.parseInt(refused.headers.get("retry-after"))).isBetween(1, 60);
        assertThat(refused.headers.get("ratelimit-policy")).isEqualTo("\"address\";q=100;w=60");
        assertThat(refused.headers.get("ratelimit")).startsWith("\"address\";r=0;t=");
        JsonNode problem = JSON.readTree(refused.body);
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("type").asText()).isEqualTo("urn:llatria:problem:rate-limited");
        assertThat(problem.get("errors").isArray()).isTrue();
        // nothing behind the limit ran: a register refused here creates no account
        Answer register = post(port, "127.0.0.1", "/api/auth/register",
                "{\"email\":\"late@example.com\",\"password\":\"correct horse battery\"}");
        assertThat(register.status).isEqualTo(429);

        // another address is not affected
        assertThat(get(port, "127.0.0.2", "/api/auth/me", Map.of()).status).isEqualTo(401);
        // and after the wait it names, this one may go on
        clock.advance(Duration.ofSeconds(Long.parseLong(refused.headers.get("retry-after"))));
        assertThat(get(port, "127.0.0.1", "/api/auth/me", Map.of()).status).isEqualTo(401);
    }

    @Test
    void the_thousand_and_first_request_of_a_user_is_429_and_other_users_and_addresses_go_on() throws Exception {
        int port = server(RateLimiting.Limits.DEFAULT);
        String ann = token(post(port, "127.0.0.1", "/api/auth/register",
                "{\"email\":\"ann@example.com\",\"password\":\"correct horse battery\"}"));
        String bob = token(post(port, "127.0.0.1", "/api/auth/register",
                "{\"email\":\"bob@example.com\",\"password\":\"correct horse battery\"}"));
        try (Keep keep = new Keep(port, "127.0.0.1")) {
            for (int i = 0; i < 1000; i++) {
                assertThat(keep.get("/api/auth/me", Map.of("Authorization", "Bearer " + ann)).status).as("request %d", i + 1)
                        .isEqualTo(200);
            }
            Answer refused = keep.get("/api/auth/me", Map.of("Authorization", "Bearer " + ann));
            assertThat(refused.status).isEqualTo(429);
            assertThat(refused.headers).containsKey("retry-after");
            assertThat(refused.headers.get("ratelimit-policy")).isEqualTo("\"user\";q=1000;w=60");
            assertThat(JSON.readTree(refused.body).get("detail").asText()).contains("for this account");
            // Bob, on the same address (one shop's NAT), and anonymous requests from it still go on
            assertThat(keep.get("/api/auth/me", Map.of("Authorization", "Bearer " + bob)).status).isEqualTo(200);
            assertThat(keep.get("/api/auth/me", Map.of()).status).isEqualTo(401);
            // an invalid token counts against the address, not the user it names
            assertThat(keep.get("/api/auth/me", Map.of("Authorization", "Bearer " + ann + "x")).status).isEqualTo(401);
        }
    }

    @Test
    void a_valid_token_does_not_take_logins_and_sign_ups_off_the_addresss_budget() throws Exception {
        int port = server(new RateLimiting.Limits(5, 1000, List.of()));
        String own = token(post(port, "127.0.0.1", "/api/auth/register",
                "{\"email\":\"own@example.com\",\"password\":\"correct horse battery\"}"));
        Map<String, String> withToken = Map.of("Authorization", "Bearer " + own, "Content-Type", "application/json");
        try (Keep keep = new Keep(port, "127.0.0.1")) {
            String guess = "{\"email\":\"victim@example.com\",\"password\":\"guess\"}";
            for (int i = 0; i < 3; i++) assertThat(keep.send("POST", "/api/auth/login", withToken, guess).status).isEqualTo(401);
            assertThat(keep.send("POST", "/api/auth/login/", withToken, guess).status).as("trailing slash").isEqualTo(401);
            assertThat(keep.send("POST", "/api/auth/register", withToken,
                    "{\"email\":\"farm@example.com\",\"password\":\"correct horse battery\"}").status).isEqualTo(429);
        }
        // the token's own requests still count against its user, not the spent address (a new
        // connection: the server may close one whose refused request body it did not read)
        assertThat(get(port, "127.0.0.1", "/api/auth/me", Map.of("Authorization", "Bearer " + own)).status).isEqualTo(200);
    }

    /** Finding S.12: a stolen token buys no password guesses: per address as a login, and 10 a minute per account. */
    @Test
    void password_checks_count_against_the_address_and_the_accounts_own_small_budget() throws Exception {
        int port = server(new RateLimiting.Limits(5, 1000, List.of()));
        String own = token(post(port, "127.0.0.9", "/api/auth/register",
                "{\"email\":\"pw@example.com\",\"password\":\"correct horse battery\"}"));
        Map<String, String> withToken = Map.of("Authorization", "Bearer " + own, "Content-Type", "application/json");
        String guess = "{\"currentPassword\":\"guess-0000\",\"newPassword\":\"another horse battery\"}";
        try (Keep keep = new Keep(port, "127.0.0.2")) {
            for (int i = 0; i < 5; i++) assertThat(keep.send("POST", "/api/auth/password", withToken, guess).status).isEqualTo(400);
        }
        Answer spent = get(port, "127.0.0.2", "/api/auth/me", Map.of());
        assertThat(spent.status).as("the address's budget is spent, token or not").isEqualTo(429);
        try (Keep keep = new Keep(port, "127.0.0.3")) {
            for (int i = 0; i < 5; i++) assertThat(keep.send("POST", "/api/auth/password", withToken, guess).status).isEqualTo(400);
        }
        // ten checks of this account's password this minute: from a fresh address too, no eleventh
        try (Keep keep = new Keep(port, "127.0.0.4")) {
            Answer refused = keep.send("POST", "/api/auth/password", withToken, guess);
            assertThat(refused.status).isEqualTo(429);
            assertThat(refused.headers.get("ratelimit-policy")).isEqualTo("\"password\";q=10;w=60");
        }
        Answer deactivate = get(port, "127.0.0.5", "/api/auth/me", Map.of("Authorization", "Bearer " + own));
        assertThat(deactivate.status).as("other requests of the account go on").isEqualTo(200);
        try (Keep keep = new Keep(port, "127.0.0.5")) {
            assertThat(keep.send("DELETE", "/api/auth/me", withToken, "{\"password\":\"guess-0001\"}").status).isEqualTo(429);
        }
    }

    /**
     * A token whose session ended (the password changed) counts against its sender's address, as
     * an invalid one does, and leaves the account's budget to the owner's new session.
     */
    @Test
    void the_token_of_a_session_ended_by_a_password_change_spends_the_address_budget_not_the_accounts() throws Exception {
        int port = server(new RateLimiting.Limits(5, 8, List.of()));
        String old = token(post(port, "127.0.0.9", "/api/auth/register",
                "{\"email\":\"ended@example.com\",\"password\":\"correct horse battery\"}"));
        Answer changed;
        try (Keep keep = new Keep(port, "127.0.0.8")) {
            changed = keep.send("POST", "/api/auth/password", Map.of("Authorization", "Bearer " + old, "Content-Type", "application/json"),
                    "{\"currentPassword\":\"correct horse battery\",\"newPassword\":\"battery staple horse\"}");
        }
        assertThat(changed.status).isEqualTo(200);
        String fresh = JSON.readTree(changed.body).get("accessToken").asText();
        try (Keep thief = new Keep(port, "127.0.0.6")) {
            for (int i = 0; i < 5; i++) assertThat(thief.get("/api/auth/me", Map.of("Authorization", "Bearer " + old)).status).isEqualTo(401);
            Answer refused = thief.get("/api/auth/me", Map.of("Authorization", "Bearer " + old));
            assertThat(refused.status).isEqualTo(429);
            assertThat(refused.headers.get("ratelimit-policy")).isEqualTo("\"address\";q=5;w=60");
        }
        try (Keep owner = new Keep(port, "127.0.0.5")) {
            for (int i = 0; i < 8; i++) {
                assertThat(owner.get("/api/auth/me", Map.of("Authorization", "Bearer " + fresh)).status).as("request %d", i + 1)
                        .isEqualTo(200);
            }
        }
    }

    @Test
    void cors_preflights_are_not_counted() throws Exception {
        int port = server(new RateLimiting.Limits(5, 1000, List.of()));
        try (Keep keep = new Keep(port, "127.0.0.1")) {
            for (int i = 0; i < 20; i++) {
                Answer preflight = keep.send("OPTIONS", "/api/inventory", Map.of("Origin", "https://app.example.com",
                        "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization"), null);
                assertThat(preflight.status).isNotEqualTo(429);
            }
        }
        for (int i = 0; i < 5; i++) assertThat(get(port, "127.0.0.1", "/api/auth/me", Map.of()).status).isEqualTo(401);
        assertThat(get(port, "127.0.0.1", "/api/auth/me", Map.of()).status).isEqualTo(429);
    }

    @Test
    void a_forged_x_forwarded_for_does_not_escape_the_limit() throws Exception {
        int port = server(new RateLimiting.Limits(5, 1000, List.of()));
        for (int i = 0; i < 5; i++) {
            assertThat(get(port, "127.0.0.1", "/api/auth/me", Map.of("X-Forwarded-For", "198.51.100." + i)).status).isEqualTo(401);
        }
        assertThat(get(port, "127.0.0.1", "/api/auth/me", Map.of("X-Forwarded-For", "203.0.113.77")).status).isEqualTo(429);
    }

    @Test
    void behind_a_trusted_proxy_the_address_it_saw_counts_and_what_the_client_wrote_before_it_does_not() throws Exception {
        int port = server(new RateLimiting.Limits(5, 1000, List.of("127.0.0.1/32")));
        // the proxy appends the address it saw; a client may prepend anything
        for (int i = 0; i < 5; i++) {
            Answer answer = get(port, "127.0.0.1", "/api/auth/me", Map.of("X-Forwarded-For", "10.9.9." + i + ", 198.51.100.7"));
            assertThat(answer.status).isEqualTo(401);
        }
        assertThat(get(port, "127.0.0.1", "/api/auth/me", Map.of("X-Forwarded-For", "10.9.9.99, 198.51.100.7")).status).isEqualTo(429);
        // another client behind the same proxy has its own budget
        assertThat(get(port, "127.0.0.1", "/api/auth/me", Map.of("X-Forwarded-For", "198.51.100.8")).status).isEqualTo(401);
        // a peer that is not a trusted proxy is counted as itself, whatever it claims
        for (int i = 0; i < 5; i++) get(port, "127.0.0.3", "/api/auth/me", Map.of("X-Forwarded-For", "198.51.100." + (20 + i)));
        assertThat(get(port, "127.0.0.3", "/api/auth/me", Map.of("X-Forwarded-For", "198.51.100.99")).status).isEqualTo(429);
    }

    @Test
    void the_sync_socket_upgrade_counts_as_one_request() throws Exception {
        int port = server(new RateLimiting.Limits(3, 1000, List.of()));
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 3; i++) {
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/sync"),
                    new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS);
            socket.abort();
        }
        Throwable refused = catchThrowable(() -> http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/sync"), new WebSocket.Listener() { }).join());

        assertThat(refused).isInstanceOf(CompletionException.class).cause().isInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode()).isEqualTo(429);
        assertThat(get(port, "127.0.0.1", "/api/auth/me", Map.of()).status).isEqualTo(429);
    }

    @Test
    void two_instances_sharing_redis_share_the_limit_and_without_redis_requests_are_still_served() throws Exception {
        JedisPooled redis = RedisConnections.pool(TestRedis.url(), 8);
        resources.add(redis);
        redis.keys("llatria:rate:*").forEach(redis::del);
        RateLimiting.Limits limits = new RateLimiting.Limits(10, 1000, List.of());
        int a = server(limits, new RedisRateLimits(redis, clock, new InMemoryRateLimits(clock, 1000)));
        int b = server(limits, new RedisRateLimits(redis, clock, new InMemoryRateLimits(clock, 1000)));
        for (int i = 0; i < 5; i++) assertThat(get(a, "127.0.0.1", "/api/auth/me", Map.of()).status).isEqualTo(401);
        for (int i = 0; i < 5; i++) assertThat(get(b, "127.0.0.1", "/api/auth/me", Map.of()).status).isEqualTo(401);
        assertThat(get(a, "127.0.0.1", "/api/auth/me", Map.of()).status).isEqualTo(429);
        assertThat(get(b, "127.0.0.1", "/api/auth/me", Map.of()).status).isEqualTo(429);

        TestRedis.stop();
        try {
            // each instance counts alone meanwhile: served, quickly, and still limited
            long slowest = 0;
            int served = 0;
            for (int i = 0; i < 30; i++) {
                long start = System.nanoTime();
                int status = get(a, "127.0.0.4", "/api/auth/me", Map.of()).status;
                slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
                assertThat(status).isIn(401, 429);
                if (status == 401) served++;
            }
            assertThat(served).isEqualTo(10);
            assertThat(slowest).isLessThan(3_000);
        } finally {
            TestRedis.restart();
        }
    }

    private static String token(Answer registered) throws IOException {
        assertThat(registered.status).isEqualTo(201);
        return JSON.readTree(registered.body).get("accessToken").asText();
    }

    record Answer(int status, Map<String, String> headers, String body) {
    }

    private static Answer get(int port, String from, String path, Map<String, String> headers) {
        try (Keep keep = new Keep(port, from)) {
            return keep.get(path, headers);
        }
    }

    private static Answer post(int port, String from, String path, String json) {
        try (Keep keep = new Keep(port, from)) {
            return keep.send("POST", path, Map.of("Content-Type", "application/json"), json);
        }
    }

    /** One kept-alive HTTP/1.1 connection from a chosen local address (the server sees that address). */
    static final class Keep implements AutoCloseable {
        private final Socket socket = new Socket();
        private final InputStream in;

        Keep(int port, String from) {
            try {
                socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.setSoTimeout(15_000);
                in = new java.io.BufferedInputStream(socket.getInputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Answer get(String path, Map<String, String> headers) {
            return send("GET", path, headers, null);
        }

        Answer send(String method, String path, Map<String, String> headers, String body) {
            try {
                byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
                StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
                headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
                request.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
                socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
                String statusLine = line();
                Map<String, String> answerHeaders = new LinkedHashMap<>();
                for (String l = line(); !l.isEmpty(); l = line()) {
                    int colon = l.indexOf(':');
                    answerHeaders.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
                }
                byte[] content;
                if ("chunked".equalsIgnoreCase(answerHeaders.get("transfer-encoding"))) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                        out.write(in.readNBytes(size));
                        line();
                    }
                    line();
                    content = out.toByteArray();
                } else {
                    content = in.readNBytes(Integer.parseInt(answerHeaders.getOrDefault("content-length", "0")));
                }
                return new Answer(Integer.parseInt(statusLine.split(" ")[1]), answerHeaders, new String(content, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private String line() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) throw new IOException("connection closed");
                if (b != '\r') out.write(b);
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
