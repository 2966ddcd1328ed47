package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.llatria.adapters.ai.fake.FakeOpenAi;
import com.llatria.adapters.ai.fake.SampleAnswers;
import com.llatria.adapters.storage.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idempotency-Key over HTTP on real PostgreSQL: a repeated request replays the first answer and
 * changes nothing; racing requests with one key (on one server or two sharing the database) make
 * one side effect; createDraft (finding 8.13) makes one draft however often it is retried.
 */
class IdempotencyApiTest extends ServerFixture {
    private static final String KEY = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
    private final FakeOpenAi openAi = new FakeOpenAi();

    @Override
    protected Map<String, String> extraSettings() {
        return Map.of("OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", openAi.baseUrl().toString(),
                "CREDENTIALS_ENCRYPTION_KEY", KEY, "AI_DAILY_LIMIT", "1000");
    }

    @BeforeEach
    void freshFake() {
        openAi.reset();
    }

    @AfterAll
    void stopFake() {
        openAi.close();
    }

    private static Map<String, String> key(String key) {
        return Map.of("Idempotency-Key", key);
    }

    private ApiClient.Response create(ApiClient api, ApiClient.User user, String key, String title) {
        return api.send("POST", "/api/inventory", user.accessToken(), ApiClient.json(ApiClient.item(title, "10")), key(key));
    }

    private int count(String sql, Object... args) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) s.setObject(i + 1, args[i]);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private int items(ApiClient.User user) throws Exception {
        return count("select count(*) from items where owner_id = ? and deleted_at is null", UUID.fromString(user.id()));
    }

    @Test
    void the_same_request_again_gets_the_first_answer_and_changes_nothing() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String key = UUID.randomUUID().toString();
        ApiClient.Response first = create(api, ann, key, "Brass lamp");
        assertThat(first.status()).as(first.body()).isEqualTo(201);

        ApiClient.Response again = create(api, ann, key, "Brass lamp");

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.header("ETag")).isEqualTo(first.header("ETag"));
        assertThat(again.contentType()).startsWith("application/json");
        assertThat(items(ann)).isEqualTo(1);
        // the key is the user's: the same key from another user is another request
        ApiClient.User bob = api.register(uniqueEmail("bob"));
        ApiClient.Response bobs = create(api, bob, key, "Something else");
        assertThat(bobs.status()).isEqualTo(201);
        assertThat(bobs.header("Idempotent-Replayed")).isNull();
        assertThat(items(bob)).isEqualTo(1);
    }

    @Test
    void the_same_key_with_another_body_is_422_naming_the_header() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String key = UUID.randomUUID().toString();
        assertThat(create(api, ann, key, "Brass lamp").status()).isEqualTo(201);

        ApiClient.Response other = create(api, ann, key, "Copper lamp");

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.contentType()).startsWith("application/problem+json");
        assertThat(other.json().at("/errors/0/field").asText()).isEqualTo("Idempotency-Key");
        assertThat(items(ann)).isEqualTo(1);
        // another path with the key is another request too
        String id = api.get("/api/inventory", ann.accessToken()).json().at("/items/0/id").asText();
        assertThat(api.send("DELETE", "/api/inventory/" + id, ann.accessToken(), null, key(key)).status()).isEqualTo(422);
    }

    /** Finding S.16: "/api/sync/push/" is the push (the router ignores the slash): no key kept, its own body limit. */
    @Test
    void sync_push_and_pull_with_a_trailing_slash_keep_no_answer() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String push = ApiClient.json(Map.of("deviceId", "desk", "schemaVersion", 1, "mutations", List.of()));
        String pull = ApiClient.json(Map.of("deviceId", "desk", "schemaVersion", 1, "limit", 100));
        for (String path : List.of("/api/sync/push/", "/api/sync/pull/")) {
            ApiClient.Response answer = api.send("POST", path, ann.accessToken(), path.contains("push") ? push : pull, key(UUID.randomUUID().toString()));
            assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(200);
        }
        assertThat(count("select count(*) from idempotency_keys where user_id = ?", UUID.fromString(ann.id()))).isZero();
    }

    /** Finding S.7: If-Match is part of the request: a retry with another precondition is another request. */
    @Test
    void the_same_key_with_another_if_match_is_422() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String id = api.createItem(ann, "Lamp", "10", null).get("id").asText();
        String key = UUID.randomUUID().toString();
        String body = ApiClient.json(Map.of("price", "12"));
        ApiClient.Response first = api.send("PATCH", "/api/inventory/" + id, ann.accessToken(), body,
                Map.of("Idempotency-Key", key, "If-Match", "\"v1\""));
        assertThat(first.status()).isEqualTo(200);
        ApiClient.Response same = api.send("PATCH", "/api/inventory/" + id, ann.accessToken(), body,
                Map.of("Idempotency-Key", key, "If-Match", "\"v1\""));
        assertThat(same.header("Idempotent-Replayed")).isEqualTo("true");
        ApiClient.Response other = api.send("PATCH", "/api/inventory/" + id, ann.accessToken(), body,
                Map.of("Idempotency-Key", key, "If-Match", "\"v2\""));
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.contentType()).startsWith("application/problem+json");
        ApiClient.Response none = api.send("PATCH", "/api/inventory/" + id, ann.accessToken(), body, key(key));
        assertThat(none.status()).isEqualTo(422);
    }

    @Test
    void a_bad_key_is_400_and_changes_nothing() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        for (String bad : List.of("x".repeat(256), "has space", "\"\"", "caf\u00e9", "a;b")) {
            ApiClient.Response refused = api.send("POST", "/api/inventory", ann.accessToken(),
                    ApiClient.json(ApiClient.item("Lamp", "10")), Map.of("Idempotency-Key", bad));
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("Idempotency-Key");
        }
        assertThat(items(ann)).isZero();
        // the longest key allowed, and the IETF draft's quoted form, work
        assertThat(create(api, ann, "k".repeat(255), "Lamp").status()).isEqualTo(201);
        assertThat(create(api, ann, "\"" + "k".repeat(255) + "\"", "Lamp").status()).isEqualTo(201);
        assertThat(items(ann)).isEqualTo(1);
    }

    @Test
    void a_failure_worth_retrying_is_not_kept_and_the_retry_runs() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        openAi.always(openAi.serverError(500));
        String key = UUID.randomUUID().toString();
        ApiClient.Part photo = new ApiClient.Part("a.jpg", "image/jpeg", TestImages.jpeg(330, 250));

        ApiClient.Response failed = api.upload("/api/ai/recognize", ann.accessToken(), List.of(photo), Map.of("createDraft", "true"), key(key));
        assertThat(failed.status()).as(failed.body()).isGreaterThanOrEqualTo(500);

        openAi.reset();
        ApiClient.Response retried = api.upload("/api/ai/recognize", ann.accessToken(), List.of(photo), Map.of("createDraft", "true"), key(key));
        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
        assertThat(retried.header("Idempotent-Replayed")).isNull();
        assertThat(items(ann)).isEqualTo(1);
    }

    @Test
    void a_claim_left_by_a_server_that_died_frees_the_key_after_its_lease() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String key = UUID.randomUUID().toString();
        // a request that was claimed and never answered, as a crashed server leaves it
        String body = ApiClient.json(ApiClient.item("Lamp", "10"));
        assertThat(create(api, ann, key, "Lamp").status()).isEqualTo(201);
        try (Connection c = db.getConnection()) {
            c.createStatement().execute("update idempotency_keys set status = null, body = null, locked_until = now() + interval '5 minutes'"
                    + " where user_id = '" + ann.id() + "'");
        }
        assertThat(create(api, ann, key, "Lamp").status()).isEqualTo(409);
        assertThat(api.send("POST", "/api/inventory", ann.accessToken(), body, key(key)).header("Retry-After")).isNotNull();

        try (Connection c = db.getConnection()) {
            c.createStatement().execute("update idempotency_keys set locked_until = now() - interval '1 second' where user_id = '"
                    + ann.id() + "'");
        }
        assertThat(create(api, ann, key, "Lamp").status()).isEqualTo(201);
        assertThat(items(ann)).isEqualTo(2);
    }

    /** Finding S.3: Retry-After: 1 for a claim being renewed; for one its server stopped renewing, the time it has left. */
    @Test
    void a_409_tells_to_retry_in_a_second_while_the_claim_is_renewed_and_when_it_ends_once_it_is_not() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String key = UUID.randomUUID().toString();
        assertThat(create(api, ann, key, "Lamp").status()).isEqualTo(201);
        String claimedBySomeoneElse = "update idempotency_keys set status = null, body = null, claim_token = '" + UUID.randomUUID()
                + "', locked_until = now() + interval '%d seconds' where user_id = '" + ann.id() + "'";
        try (Connection c = db.getConnection()) {
            // renewed a moment ago (every 5 s, to 30 s ahead): its server is alive
            c.createStatement().execute(claimedBySomeoneElse.formatted(29));
        }
        ApiClient.Response running = create(api, ann, key, "Lamp");
        assertThat(running.status()).isEqualTo(409);
        assertThat(running.header("Retry-After")).isEqualTo("1");

        try (Connection c = db.getConnection()) {
            // last renewed 15 s ago: its server is gone, and the key is free in 15 s
            c.createStatement().execute(claimedBySomeoneElse.formatted(15));
        }
        ApiClient.Response abandoned = create(api, ann, key, "Lamp");
        assertThat(abandoned.status()).isEqualTo(409);
        assertThat(Integer.parseInt(abandoned.header("Retry-After"))).isBetween(13, 15);
        assertThat(items(ann)).isEqualTo(1);
    }

    @Test
    void twenty_racing_requests_with_one_key_make_one_item() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        race(List.of(api), ann, 20);
    }

    @Test
    void twenty_racing_requests_with_one_key_across_two_servers_on_one_database_make_one_item() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "DATABASE_URL", db.getJdbcUrl(), "DATABASE_USER", "postgres", "DATABASE_PASSWORD", "postgres",
                "JWT_SECRET", SECRET, "PORT", "0", "HOST", "127.0.0.1",
                "LLATRIA_DATA_DIR", Files.createTempDirectory("llatria-second-").toString(),
                "CREDENTIALS_ENCRYPTION_KEY", KEY, "RATE_LIMIT_PER_IP", "0", "RATE_LIMIT_PER_USER", "0"));
        try (Server second = Server.start(Settings.fromEnvironment(env))) {
            ApiClient.User ann = api.register(uniqueEmail("ann"));
            race(List.of(api, new ApiClient(second.port())), ann, 20);
        }
    }

    private void race(List<ApiClient> servers, ApiClient.User user, int requests) throws Exception {
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ApiClient.Response>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                ApiClient client = servers.get(i % servers.size());
                answers.add(pool.submit((Callable<ApiClient.Response>) () -> {
                    start.await();
                    return create(client, user, key, "Raced lamp");
                }));
            }
            start.countDown();
            Set<String> ids = new HashSet<>();
            int created = 0;
            for (Future<ApiClient.Response> f : answers) {
                ApiClient.Response r = f.get();
                assertThat(r.status()).as(r.body()).isIn(201, 409);
                if (r.status() == 201) {
                    created++;
                    ids.add(r.json().get("id").asText());
                } else {
                    assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("Idempotency-Key");
                }
            }
            assertThat(created).isGreaterThanOrEqualTo(1);
            assertThat(ids).hasSize(1);
            assertThat(items(user)).isEqualTo(1);
            // once it is done, every retry gets the one answer
            ApiClient.Response late = create(servers.get(servers.size() - 1), user, key, "Raced lamp");
            assertThat(late.status()).isEqualTo(201);
            assertThat(late.json().get("id").asText()).isEqualTo(ids.iterator().next());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Finding 8.13: a phone retrying a slow createDraft with its key makes one draft with one copy of the photos. */
    @Test
    void a_retried_create_draft_with_the_same_key_makes_one_draft() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        openAi.always(openAi.ok(SampleAnswers.LEVIS).after(Duration.ofSeconds(1)));
        String key = UUID.randomUUID().toString();
        ApiClient.Part photo = new ApiClient.Part("IMG_1.jpg", "image/jpeg", TestImages.jpeg(400, 300));
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<ApiClient.Response> answers = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ApiClient.Response>> futures = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                futures.add(pool.submit((Callable<ApiClient.Response>) () -> {
                    start.await();
                    return api.upload("/api/ai/recognize", ann.accessToken(), List.of(photo), Map.of("createDraft", "true"), key(key));
                }));
            }
            start.countDown();
            for (Future<ApiClient.Response> f : futures) answers.add(f.get());
        } finally {
            pool.shutdownNow();
        }
        // the phone's last retry, after the first one finished
        ApiClient.Response retry = api.upload("/api/ai/recognize", ann.accessToken(), List.of(photo), Map.of("createDraft", "true"), key(key));

        assertThat(answers).extracting(ApiClient.Response::status).allMatch(s -> s == 201 || s == 409);
        assertThat(retry.status()).as(retry.body()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        JsonNode draft = retry.json().get("item");
        for (ApiClient.Response r : answers) {
            if (r.status() == 201) assertThat(r.json().at("/item/id").asText()).isEqualTo(draft.get("id").asText());
        }
        assertThat(items(ann)).isEqualTo(1);
        assertThat(count("select count(*) from item_images where owner_id = ?", UUID.fromString(ann.id()))).isEqualTo(1);
        assertThat(openAi.calls()).isEqualTo(1);
    }
}
