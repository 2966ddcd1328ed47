package com.llatria.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The server as a newcomer runs it: no settings at all, then a restart. */
class StandaloneServerTest {

    @Test
    void with_no_settings_it_runs_on_an_embedded_database_that_survives_a_restart(@TempDir Path dataDir) {
        Map<String, String> env = Map.of("LLATRIA_DATA_DIR", dataDir.toString(), "PORT", "0", "HOST", "127.0.0.1");
        ApiClient.User ann;
        String itemId;
        try (Server first = Server.start(Settings.fromEnvironment(env))) {
            assertThat(first.defaults()).anyMatch(line -> line.contains("embedded PostgreSQL"))
                    .anyMatch(line -> line.contains("JWT_SECRET"));
            ApiClient api = new ApiClient(first.port());
            assertThat(api.get("/health", null).status()).isEqualTo(200);
            ann = api.register("ann@example.com");
            itemId = api.createItem(ann, "Lamp", "12", "active").get("id").asText();
        }
        assertThat(Files.exists(dataDir.resolve("jwt-secret"))).isTrue();

        try (Server second = Server.start(Settings.fromEnvironment(env))) {
            ApiClient api = new ApiClient(second.port());
            // Same secret: the access token issued before the restart still works.
            assertThat(api.get("/api/inventory/" + itemId, ann.accessToken()).json().get("title").asText()).isEqualTo("Lamp");
            assertThat(api.post("/api/auth/refresh", null, Map.of("refreshToken", ann.refreshToken())).status()).isEqualTo(200);
        }
    }
}
