package com.llatria.bootstrap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding S.2 on a real PostgreSQL that stops while a keyed request runs: the request answers
 * 503, the database being away, and its key is freed as soon as the database is back (not held
 * for the claim's lease), so the retry runs, once.
 */
class IdempotencyOutageTest {
    @TempDir
    Path dir;

    private EmbeddedPostgres postgres(int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(false).setPort(port).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void a_503_from_a_database_outage_frees_the_key_once_the_database_is_back() throws Exception {
        int port = freePort();
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        EmbeddedPostgres database = postgres(port);
        Map<String, String> env = Map.of("DATABASE_URL", url, "DATABASE_USER", "postgres", "DATABASE_PASSWORD", "postgres",
                "JWT_SECRET", ServerFixture.SECRET, "PORT", "0", "HOST", "127.0.0.1", "LLATRIA_DATA_DIR", dir.resolve("data").toString(),
                "RATE_LIMIT_PER_IP", "0", "RATE_LIMIT_PER_USER", "0");
        try (Server server = Server.start(Settings.fromEnvironment(env))) {
            ApiClient api = new ApiClient(server.port());
            ApiClient.User ann = api.register("ann@example.com");
            String id = api.createItem(ann, "Lamp", "10", null).get("id").asText();
            String key = UUID.randomUUID().toString();
            String body = ApiClient.json(Map.of("price", "12"));
            Map<String, String> keyed = Map.of("Idempotency-Key", key);

            // The keyed edit claims its key, then waits on the item's row, locked here: the database
            // stops under it, so it fails after its claim, the way a blip hits a running request.
            CompletableFuture<ApiClient.Response> first = null;
            try (Connection lock = DriverManager.getConnection(url, "postgres", "postgres")) {
                lock.setAutoCommit(false);
                lock.createStatement().execute("select 1 from items where id = '" + id + "' for update");
                first = CompletableFuture.supplyAsync(() -> api.send("PATCH", "/api/inventory/" + id, ann.accessToken(), body, keyed));
                awaitLockWait(url);
                database.close();
            } catch (java.sql.SQLException closedUnderUs) {
                // the lock's own connection went with the database
            }
            assertThat(first).isNotNull();
            ApiClient.Response failed = first.get();
            assertThat(failed.status()).as(failed.body()).isEqualTo(503);

            database = postgres(port);
            long back = System.nanoTime();
            ApiClient.Response retried = api.send("PATCH", "/api/inventory/" + id, ann.accessToken(), body, keyed);
            // 503 while the pool reconnects, then 409 only until this server frees the key (it tries
            // every quarter second); the lease (30 s) is not waited for. The old code held it 5 minutes.
            while ((retried.status() == 409 || retried.status() == 503) && System.nanoTime() - back < 15_000_000_000L) {
                Thread.sleep(Long.parseLong(retried.header("Retry-After")) * 200);
                retried = api.send("PATCH", "/api/inventory/" + id, ann.accessToken(), body, keyed);
            }
            assertThat(retried.status()).as(retried.body()).isEqualTo(200);
            assertThat(retried.header("Idempotent-Replayed")).isNull();
            assertThat(retried.json().get("version").asInt()).as("the edit ran once").isEqualTo(2);
            ApiClient.Response replayed = api.send("PATCH", "/api/inventory/" + id, ann.accessToken(), body, keyed);
            assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(api.get("/api/inventory/" + id, ann.accessToken()).json().get("version").asInt()).isEqualTo(2);
        } finally {
            database.close();
        }
    }

    /** Until a backend waits on a row lock: the keyed request has claimed its key and is inside its action. */
    private static void awaitLockWait(String url) throws Exception {
        long until = System.nanoTime() + 20_000_000_000L;
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
            while (System.nanoTime() < until) {
                try (ResultSet r = s.executeQuery("select count(*) from pg_stat_activity where wait_event_type = 'Lock'")) {
                    r.next();
                    if (r.getInt(1) > 0) return;
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the keyed request never reached the locked row");
    }
}
