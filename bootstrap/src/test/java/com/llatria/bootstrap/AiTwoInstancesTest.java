package com.llatria.bootstrap;

import com.llatria.adapters.ai.fake.FakeOpenAi;
import com.llatria.adapters.ai.fake.SampleAnswers;
import com.llatria.adapters.persistence.testing.TestPostgres;
import com.llatria.adapters.persistence.testing.TestRedis;
import com.llatria.adapters.storage.testing.TestImages;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two server instances on one PostgreSQL and one embedded Redis, OpenAI played by a local fake:
 * the same photos sent to both cost one provider call, and the daily limit counts provider
 * calls (retries included) exactly, however requests race across the instances.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AiTwoInstancesTest {
    private static final int DAILY_LIMIT = 7;
    private static final AtomicInteger PHOTOS = new AtomicInteger();
    private static final String KEY = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
    private final FakeOpenAi openAi = new FakeOpenAi();
    private HikariDataSource db;
    private Server a;
    private Server b;
    private ApiClient apiA;
    private ApiClient apiB;

    private Server start() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "DATABASE_URL", db.getJdbcUrl(), "DATABASE_USER", "postgres", "DATABASE_PASSWORD", "postgres",
                "JWT_SECRET", ServerFixture.SECRET, "PORT", "0", "HOST", "127.0.0.1",
                "LLATRIA_DATA_DIR", Files.createTempDirectory("llatria-test-").toString(),
                "OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", openAi.baseUrl().toString(), "REDIS_URL", TestRedis.url()));
        env.put("AI_DAILY_LIMIT", String.valueOf(DAILY_LIMIT));
        env.put("RATE_LIMIT_PER_IP", "0");
        // Every server on one database seals marketplace tokens with the same key.
        env.put("CREDENTIALS_ENCRYPTION_KEY", KEY);
        return Server.start(Settings.fromEnvironment(env));
    }

    @BeforeAll
    void startBoth() throws Exception {
        db = TestPostgres.freshDatabase();
        a = start();
        b = start();
        apiA = new ApiClient(a.port());
        apiB = new ApiClient(b.port());
    }

    @AfterAll
    void stopBoth() {
        if (a != null) a.close();
        if (b != null) b.close();
        db.close();
        openAi.close();
    }

    @BeforeEach
    void freshFake() {
        openAi.reset();
    }

    private static ApiClient.Part newPhoto() {
        int n = PHOTOS.incrementAndGet();
        return new ApiClient.Part("IMG_" + n + ".jpg", "image/jpeg", TestImages.jpeg(300 + n, 200));
    }

    private static ApiClient.Response recognize(ApiClient api, ApiClient.User user, ApiClient.Part photo) {
        return api.upload("/api/ai/recognize", user.accessToken(), List.of(photo));
    }

    @Test
    void the_same_photo_sent_by_a_user_to_both_instances_at_once_costs_one_provider_call() throws Exception {
        ApiClient.User ann = apiA.register(ServerFixture.uniqueEmail("ann"));
        ApiClient.Part photo = newPhoto();
        openAi.always(openAi.ok(SampleAnswers.LEVIS).after(Duration.ofMillis(1500)));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<ApiClient.Response> first = pool.submit(() -> recognize(apiA, ann, photo));
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (openAi.calls() == 0 && System.nanoTime() < until) Thread.onSpinWait();
            // Instance A is now waiting on the provider; B gets the same photo meanwhile.
            Future<ApiClient.Response> second = pool.submit(() -> recognize(apiB, ann, photo));

            assertThat(first.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
            ApiClient.Response theirs = second.get(20, TimeUnit.SECONDS);
            assertThat(theirs.status()).as(theirs.body()).isEqualTo(200);
            assertThat(theirs.json().get("cached").asBoolean()).as("B waited for A's answer").isTrue();
            assertThat(theirs.json().get("title").asText()).startsWith("Levi's 501");
        } finally {
            pool.shutdownNow();
        }
        assertThat(openAi.calls()).isEqualTo(1);
        assertThat(apiB.get("/api/ai/usage", ann.accessToken()).json().get("usedToday").asInt()).as("one call paid").isEqualTo(1);
    }

    @Test
    void racing_requests_on_both_instances_make_exactly_the_daily_limit_of_provider_calls_retries_included() throws Exception {
        ApiClient.User cat = apiA.register(ServerFixture.uniqueEmail("cat"));
        // Every call fails and is retried (three attempts a request): the limit is reached by retries.
        openAi.always(openAi.serverError(500));
        int racers = 9;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CyclicBarrier start = new CyclicBarrier(racers);
        List<Future<ApiClient.Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                ApiClient api = i % 2 == 0 ? apiA : apiB;
                ApiClient.Part photo = newPhoto();
                answers.add(pool.submit(() -> {
                    start.await();
                    return recognize(api, cat, photo);
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<ApiClient.Response> answer : answers) statuses.add(answer.get(60, TimeUnit.SECONDS).status());
            // A request stopped by the limit between its retries reports the provider's failure (503),
            // as does one beyond the user's requests in progress on an instance (503 ai-busy, at most
            // one of the five on A); one refused before any call is the daily limit (429).
            assertThat(statuses).allMatch(s -> s == 503 || s == 429).contains(429);
        } finally {
            pool.shutdownNow();
        }

        assertThat(openAi.calls()).as("provider calls, retries included").isEqualTo(DAILY_LIMIT);
        assertThat(callsCounted(cat.id())).isEqualTo(DAILY_LIMIT);
        ApiClient.Response after = recognize(apiB, cat, newPhoto());
        assertThat(after.status()).isEqualTo(429);
        assertThat(openAi.calls()).isEqualTo(DAILY_LIMIT);
    }

    private int callsCounted(String owner) throws Exception {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT coalesce(sum(requests), 0) FROM ai_daily_requests WHERE owner_id = ?")) {
            s.setObject(1, UUID.fromString(owner));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
