package com.llatria.bootstrap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL stops under a running server: requests answer 503 instead of hanging (the test
 * client gives up after 20 s, the pool after 3 s), nothing acknowledged is lost, and the server
 * serves again once the database is back, without a restart.
 */
class DatabaseOutageTest {

    private static EmbeddedPostgres postgres(Path dir, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void requests_fail_fast_during_an_outage_and_recover_after_it(@TempDir Path dir) throws Exception {
        int port = freePort();
        EmbeddedPostgres database = postgres(dir.resolve("pg"), port);
        Map<String, String> env = Map.of("DATABASE_URL", "jdbc:postgresql://localhost:" + port + "/postgres",
                "DATABASE_USER", "postgres", "DATABASE_PASSWORD", "postgres", "JWT_SECRET", ServerFixture.SECRET,
                "PORT", "0", "HOST", "127.0.0.1", "RATE_LIMIT_PER_IP", "0", "RATE_LIMIT_PER_USER", "0");
        try (Server server = Server.start(Settings.fromEnvironment(env))) {
            ApiClient api = new ApiClient(server.port());
            ApiClient.User ann = api.register("ann@example.com");
            String acknowledged = api.createItem(ann, "Lamp", "10", null).get("id").asText();

            database.close();

            ApiClient.Response read = api.get("/api/inventory", ann.accessToken());
            ApiClient.Response write = api.post("/api/inventory", ann.accessToken(), ApiClient.item("Chair", "5"));
            assertThat(read.status()).isEqualTo(503);
            assertThat(read.header("Retry-After")).isNotNull();
            assertThat(read.contentType()).startsWith("application/problem+json");
            assertThat(write.status()).isEqualTo(503);
            assertThat(api.get("/health", null).status()).isEqualTo(503);

            database = postgres(dir.resolve("pg"), port);

            int health = 0;
            for (int i = 0; i < 100 && health != 200; i++) {
                health = api.get("/health", null).status();
                if (health != 200) Thread.sleep(100);
            }
            assertThat(health).isEqualTo(200);
            var items = api.get("/api/inventory", ann.accessToken()).json().get("items");
            assertThat(items.findValuesAsText("id")).containsExactly(acknowledged);
            assertThat(api.createItem(ann, "Chair", "5", null).get("title").asText()).isEqualTo("Chair");
        } finally {
            database.close();
        }
    }
}
