package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every auth write path raced over HTTP against the real server and PostgreSQL: many requests
 * released at once, then the answers and the stored rows must tell one consistent story.
 */
class AuthRaceTest extends ServerFixture {
    private static final int RACERS = 20;
    private static final String PASSWORD = "correct horse battery";

    @Test
    void of_racing_registrations_of_one_email_exactly_one_succeeds_and_the_rest_are_409() throws Exception {
        String email = uniqueEmail("race");

        List<ApiClient.Response> answers = race(RACERS, i -> () -> api.post("/api/auth/register", null,
                Map.of("email", i % 2 == 0 ? email : email.toUpperCase(), "password", PASSWORD)));

        assertThat(answers).extracting(ApiClient.Response::status).containsOnly(201, 409).containsOnlyOnce(201);
        assertThat(count("select count(*) from users where email = '" + email + "'")).isEqualTo(1);
    }

    @Test
    void of_racing_refreshes_with_one_token_exactly_one_succeeds_and_the_session_ends() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));

        List<ApiClient.Response> answers = race(RACERS, i -> () ->
                api.post("/api/auth/refresh", null, Map.of("refreshToken", ann.refreshToken())));

        assertThat(answers).extracting(ApiClient.Response::status).containsOnly(200, 401).containsOnlyOnce(200);
        String winnersToken = answers.stream().filter(r -> r.status() == 200).findFirst().orElseThrow().json().get("refreshToken").asText();
        assertThat(api.post("/api/auth/refresh", null, Map.of("refreshToken", winnersToken)).status())
                .as("a reuse revokes the whole family, the winner's new token too").isEqualTo(401);
        assertThat(count("select count(*) from refresh_tokens where user_id = '" + ann.id() + "' and revoked_at is null")).isZero();
    }

    @Test
    void racing_name_changes_each_get_their_own_updated_at_and_the_last_one_is_what_is_stored() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));

        List<ApiClient.Response> answers = race(RACERS, i -> () -> i % 2 == 0
                ? api.patch("/api/auth/me", ann.accessToken(), Map.of("name", "Ann " + i))
                : api.put("/api/auth/me", ann.accessToken(), Map.of("name", "Ann " + i)));

        assertThat(answers).extracting(ApiClient.Response::status).containsOnly(200);
        List<JsonNode> bodies = answers.stream().map(ApiClient.Response::json).toList();
        assertThat(bodies).extracting(b -> b.get("updatedAt").asText()).as("one write at a time: no two alike").doesNotHaveDuplicates();
        JsonNode last = bodies.stream().max(Comparator.comparing(b -> Instant.parse(b.get("updatedAt").asText()))).orElseThrow();
        assertThat(api.get("/api/auth/me", ann.accessToken()).json()).isEqualTo(last);
    }

    @Test
    void sign_ins_racing_a_rename_keep_the_new_name_and_record_the_sign_in() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));

        List<ApiClient.Response> answers = race(8, i -> () -> i == 0
                ? api.patch("/api/auth/me", ann.accessToken(), Map.of("name", "Renamed"))
                : api.post("/api/auth/login", null, Map.of("email", ann.email(), "password", PASSWORD)));

        assertThat(answers).extracting(ApiClient.Response::status).containsOnly(200);
        JsonNode me = api.get("/api/auth/me", ann.accessToken()).json();
        assertThat(me.get("name").asText()).as("no sign-in wrote back a stale profile").isEqualTo("Renamed");
        assertThat(me.get("lastLogin").isNull()).isFalse();
    }

    @Test
    void racing_password_changes_from_one_password_let_exactly_one_through() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));

        List<ApiClient.Response> answers = race(6, i -> () -> api.post("/api/auth/password", ann.accessToken(),
                Map.of("currentPassword", PASSWORD, "newPassword", "new password number " + i)));

        assertThat(answers).extracting(ApiClient.Response::status).containsOnly(200, 400).containsOnlyOnce(200);
        int winner = answers.indexOf(answers.stream().filter(r -> r.status() == 200).findFirst().orElseThrow());
        assertThat(api.post("/api/auth/login", null, Map.of("email", ann.email(), "password", "new password number " + winner)).status())
                .isEqualTo(200);
        assertThat(count("select count(*) from refresh_tokens where user_id = '" + ann.id() + "' and revoked_at is null"))
                .as("the winner's new session, and the login just now").isEqualTo(2);
    }

    @Test
    void a_deactivation_racing_sign_ins_and_refreshes_leaves_no_session_alive() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        List<String> refreshTokens = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            refreshTokens.add(api.post("/api/auth/login", null, Map.of("email", ann.email(), "password", PASSWORD)).json().get("refreshToken").asText());
        }

        List<ApiClient.Response> answers = race(11, i -> () -> {
            if (i == 0) return api.send("DELETE", "/api/auth/me", ann.accessToken(), Map.of("password", PASSWORD));
            if (i <= 5) return api.post("/api/auth/refresh", null, Map.of("refreshToken", refreshTokens.get(i - 1)));
            return api.post("/api/auth/login", null, Map.of("email", ann.email(), "password", PASSWORD));
        });

        assertThat(answers.get(0).status()).isEqualTo(204);
        assertThat(count("select count(*) from refresh_tokens where user_id = '" + ann.id() + "' and revoked_at is null"))
                .as("whatever won before the deactivation was revoked by it").isZero();
        for (ApiClient.Response answer : answers.subList(1, answers.size())) {
            if (answer.status() == 200) {
                assertThat(api.post("/api/auth/refresh", null, Map.of("refreshToken", answer.json().get("refreshToken").asText())).status())
                        .isEqualTo(401);
                assertThat(api.get("/api/auth/me", answer.json().get("accessToken").asText()).status()).isEqualTo(401);
            }
        }
    }

    /** Releases {@code n} requests at once and returns their answers in the order of {@code i}. */
    private static <T> List<T> race(int n, IntFunction<Callable<T>> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<T> call = request.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) results.add(f.get());
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
