package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sync socket lives no longer than its access token: with tokens that last a few seconds, a
 * connected socket is closed with 4401 when its token expires (whether the token came in the
 * hello or the upgrade's header), and the device comes back by reconnecting with a fresh one.
 */
class SyncTokenExpiryTest extends ServerFixture {
    @Override
    protected Map<String, String> extraSettings() {
        return Map.of("JWT_EXPIRES_IN", "5s");
    }

    private static long expiresAtMillis(String token) throws Exception {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        return ApiClient.JSON.readTree(payload).get("exp").asLong() * 1000;
    }

    @Test
    void an_expired_token_closes_the_connected_socket_with_4401_and_a_fresh_token_reconnects() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        long expires = expiresAtMillis(ann.accessToken());

        try (SyncSocketClient phone = SyncSocketClient.connect(server.port());
             SyncSocketClient desk = SyncSocketClient.connectWithHeader(server.port(), ann.accessToken())) {
            phone.helloAndCatchUp(ann.accessToken(), "phone", 0);
            desk.helloAndCatchUp(null, "desk", 0);
            assertThat(phone.closed).as("open while the token is valid").isNotDone();

            assertThat(phone.closed.get(20, TimeUnit.SECONDS)).isEqualTo(4401);
            assertThat(System.currentTimeMillis()).as("closed once the token expired, not before").isGreaterThanOrEqualTo(expires);
            assertThat(desk.closed.get(5, TimeUnit.SECONDS)).isEqualTo(4401);
        }

        JsonNode refreshed = api.post("/api/auth/refresh", null, Map.of("refreshToken", ann.refreshToken())).json();
        String fresh = refreshed.get("accessToken").asText();
        try (SyncSocketClient phone = SyncSocketClient.connect(server.port())) {
            phone.helloAndCatchUp(fresh, "phone", 0);
            JsonNode item = api.createItem(new ApiClient.User(ann.id(), ann.email(), fresh, ann.refreshToken()), "Lamp", "5", null);
            assertThat(phone.next("inventory:created", 5).get("id").asText()).isEqualTo(item.get("id").asText());
        }
    }
}
