package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The standalone server on its embedded defaults, and the embedded PostgreSQL killed with
 * SIGKILL under it: every write the API acknowledged is still there afterwards, and the server
 * serves again within seconds, by itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedDatabaseCrashTest {
    /** Generous for a loaded 2-core CI machine; the measured time is printed. */
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(20);

    private Path dataDir;
    private Server server;
    private ApiClient api;
    private ApiClient.User ann;

    @BeforeAll
    void start() throws IOException {
        dataDir = Files.createTempDirectory("llatria-crash-");
        server = Server.start(Settings.fromEnvironment(Map.of("LLATRIA_DATA_DIR", dataDir.toString(), "PORT", "0",
                "HOST", "127.0.0.1", "RATE_LIMIT_PER_IP", "0", "RATE_LIMIT_PER_USER", "0")));
        api = new ApiClient(server.port());
        ann = api.register("ann@example.com");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void a_second_server_on_the_same_data_folder_is_refused_and_leaves_the_first_one_serving() throws Exception {
        long postmasterBefore = server.embeddedDatabase().orElseThrow().postmasterPid().orElseThrow();

        assertThatThrownBy(() -> Server.start(Settings.fromEnvironment(Map.of("LLATRIA_DATA_DIR", dataDir.toString(),
                "PORT", "0", "HOST", "127.0.0.1"))))
                .hasMessageContaining("another Llatria server is using the data folder");

        assertThat(server.embeddedDatabase().orElseThrow().postmasterPid().orElseThrow()).isEqualTo(postmasterBefore);
        assertThat(api.post("/api/inventory", ann.accessToken(), ApiClient.item("Still here", "1")).status()).isEqualTo(201);
    }

    @Test
    void the_embedded_database_wants_its_password() {
        EmbeddedDatabase db = server.embeddedDatabase().orElseThrow();

        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://localhost:" + db.port() + "/postgres?user=postgres"))
                .isInstanceOf(java.sql.SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://localhost:" + db.port()
                + "/postgres?user=postgres&password=guess")).isInstanceOf(java.sql.SQLException.class);
    }

    @Test
    void the_embedded_database_is_durable() throws Exception {
        EmbeddedDatabase db = server.embeddedDatabase().orElseThrow();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl()); Statement s = c.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (ResultSet r = s.executeQuery("SHOW " + setting)) {
                    r.next();
                    assertThat(r.getString(1)).as(setting).isEqualTo("on");
                }
            }
        }
    }

    @Test
    void writes_answered_2xx_right_before_a_kill_survive_it() throws Exception {
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            acknowledged.add(api.createItem(ann, "Burst " + i, "1", null).get("id").asText());
        }
        int restartsBefore = server.embeddedDatabase().orElseThrow().restarts();
        killPostmaster();
        awaitServing(restartsBefore);

        assertThat(storedIds()).containsAll(acknowledged);
    }

    @Test
    void it_restarts_a_killed_database_under_traffic_and_loses_no_acknowledged_write() throws Exception {
        int restartsBefore = server.embeddedDatabase().orElseThrow().restarts();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger failures = new AtomicInteger();
        List<String> unexpected = new ArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong firstSuccessAfterKill = new AtomicLong(Long.MAX_VALUE);
        AtomicInteger acknowledgedAfterKill = new AtomicInteger();
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> tasks = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            tasks.add(pool.submit(() -> {
                for (int i = 0; running.get(); i++) {
                    long sent = System.nanoTime();
                    ApiClient.Response r;
                    try {
                        r = api.post("/api/inventory", ann.accessToken(), ApiClient.item("Writer " + writer + " #" + i, "2"));
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                        continue;
                    }
                    if (r.status() == 201) {
                        acknowledged.add(r.json().get("id").asText());
                        if (sent > killedAt.get()) {
                            acknowledgedAfterKill.incrementAndGet();
                            firstSuccessAfterKill.accumulateAndGet(System.nanoTime(), Math::min);
                        }
                    } else {
                        failures.incrementAndGet();
                        // An outage may be a 503; never a 500, and always a problem document.
                        if (r.status() != 503 || !r.contentType().startsWith("application/problem+json")) {
                            synchronized (unexpected) {
                                unexpected.add(r.status() + " " + r.body());
                            }
                        }
                    }
                }
            }));
        }
        Thread.sleep(1500);
        int before = acknowledged.size();
        killedAt.set(System.nanoTime());
        killPostmaster();
        long deadline = System.nanoTime() + RECOVERY_BOUND.toNanos() + Duration.ofSeconds(5).toNanos();
        while (acknowledgedAfterKill.get() < 20 && System.nanoTime() < deadline) Thread.sleep(50);
        running.set(false);
        for (Future<?> task : tasks) task.get(60, TimeUnit.SECONDS);
        pool.shutdown();

        Duration recovery = Duration.ofNanos(firstSuccessAfterKill.get() - killedAt.get());
        System.out.printf("[crash test] %d writes acknowledged (%d before the kill, %d after), %d failed during the outage;"
                        + " serving again %d ms after kill -9 of the postmaster%n", acknowledged.size(), before,
                acknowledgedAfterKill.get(), failures.get(), recovery.toMillis());
        assertThat(before).as("traffic before the kill").isGreaterThan(0);
        assertThat(acknowledgedAfterKill.get()).as("writes acknowledged after the kill").isGreaterThanOrEqualTo(20);
        assertThat(recovery).isLessThan(RECOVERY_BOUND);
        assertThat(unexpected).isEmpty();
        assertThat(server.embeddedDatabase().orElseThrow().restarts()).isEqualTo(restartsBefore + 1);
        assertThat(storedIds()).containsAll(acknowledged);
    }

    private void killPostmaster() throws Exception {
        // As an operator (or the OOM killer) would: SIGKILL to the pid PostgreSQL recorded.
        List<String> pidFile = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"));
        long pid = Long.parseLong(pidFile.get(0).trim());
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    private void awaitServing(int restartsBefore) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY_BOUND.toNanos();
        // The kill takes a moment to be seen; wait for the outage to show or the restart to finish.
        while (System.nanoTime() < deadline) {
            if (api.get("/api/inventory?limit=1", ann.accessToken()).status() == 200
                    && server.embeddedDatabase().orElseThrow().restarts() > restartsBefore) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not serving again within " + RECOVERY_BOUND);
    }

    private Set<String> storedIds() {
        Set<String> ids = new HashSet<>();
        String cursor = null;
        do {
            ApiClient.Response page = api.get("/api/inventory?limit=100" + (cursor == null ? "" : "&cursor=" + cursor),
                    ann.accessToken());
            assertThat(page.status()).isEqualTo(200);
            JsonNode json = page.json();
            json.get("items").forEach(item -> ids.add(item.get("id").asText()));
            cursor = json.get("nextCursor").isNull() ? null : json.get("nextCursor").asText();
        } while (cursor != null);
        return ids;
    }
}
