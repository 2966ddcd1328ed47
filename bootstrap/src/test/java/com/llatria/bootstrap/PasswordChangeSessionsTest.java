package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding S.18: after "change password" every other device is signed out at once, on real
 * PostgreSQL: its refresh tokens are revoked, its access tokens get 401 and its open /sync
 * sockets are closed (4401); the device that changed it goes on with the session in the answer.
 */
class PasswordChangeSessionsTest extends ServerFixture {
    private static final String PASSWORD = "correct horse battery";
    private static final String NEW_PASSWORD = "battery staple horse";

    private record Session(String accessToken, String refreshToken) {
        static Session of(JsonNode answer) {
            return new Session(answer.get("accessToken").asText(), answer.get("refreshToken").asText());
        }
    }

    private Session login(ApiClient client, String email, String password) {
        ApiClient.Response answer = client.post("/api/auth/login", null, Map.of("email", email, "password", password));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return Session.of(answer.json());
    }

    private static Session changePassword(ApiClient client, Session session) {
        ApiClient.Response answer = client.post("/api/auth/password", session.accessToken(),
                Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return Session.of(answer.json());
    }

    @Test
    void a_password_change_signs_every_other_device_out_at_once_and_the_changer_goes_on_with_its_new_session() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        Session phone = new Session(ann.accessToken(), ann.refreshToken());
        Session thief = login(api, ann.email(), PASSWORD);
        ApiClient.User bob = api.register(uniqueEmail("bob"));
        try (SyncSocketClient thiefSocket = SyncSocketClient.connect(server.port());
             SyncSocketClient phoneSocket = SyncSocketClient.connect(server.port());
             SyncSocketClient bobSocket = SyncSocketClient.connect(server.port())) {
            thiefSocket.helloAndCatchUp(thief.accessToken(), "thief", 0);
            phoneSocket.helloAndCatchUp(phone.accessToken(), "phone", 0);
            bobSocket.helloAndCatchUp(bob.accessToken(), "phone", 0);
            assertThat(api.get("/api/auth/me", thief.accessToken()).status()).isEqualTo(200);

            Session fresh = changePassword(api, phone);

            ApiClient.Response refused = api.get("/api/inventory", thief.accessToken());
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("detail").asText()).contains("session has ended");
            assertThat(api.post("/api/inventory", thief.accessToken(), ApiClient.item("Stolen", "1")).status()).isEqualTo(401);
            assertThat(api.get("/api/auth/me", phone.accessToken()).status()).as("the changer's old access token").isEqualTo(401);
            assertThat(api.post("/api/auth/refresh", null, Map.of("refreshToken", thief.refreshToken())).status()).isEqualTo(401);
            assertThat(thiefSocket.closed.get(10, TimeUnit.SECONDS)).isEqualTo(4401);
            assertThat(phoneSocket.closed.get(10, TimeUnit.SECONDS)).as("opened with the old token: reconnect with the new one")
                    .isEqualTo(4401);
            try (SyncSocketClient reopened = SyncSocketClient.connect(server.port())) {
                reopened.hello(thief.accessToken(), "thief", 0);
                assertThat(reopened.closed.get(10, TimeUnit.SECONDS)).as("no new socket with an old token").isEqualTo(4401);
            }
            try (SyncSocketClient header = SyncSocketClient.connectWithHeader(server.port(), thief.accessToken())) {
                assertThat(header.closed.get(10, TimeUnit.SECONDS)).isEqualTo(4401);
            }

            // The changer: its new tokens work for REST, a socket and a refresh.
            assertThat(api.get("/api/auth/me", fresh.accessToken()).status()).isEqualTo(200);
            JsonNode lamp = api.createItem(new ApiClient.User(ann.id(), ann.email(), fresh.accessToken(), fresh.refreshToken()),
                    "Lamp", "12", null);
            try (SyncSocketClient again = SyncSocketClient.connect(server.port())) {
                again.helloAndCatchUp(fresh.accessToken(), "phone", 0);
            }
            ApiClient.Response refreshed = api.post("/api/auth/refresh", null, Map.of("refreshToken", fresh.refreshToken()));
            assertThat(refreshed.status()).isEqualTo(200);
            assertThat(api.get("/api/inventory/" + lamp.get("id").asText(), refreshed.json().get("accessToken").asText()).status())
                    .isEqualTo(200);
            // Another account's socket is untouched.
            bobSocket.send("{\"type\":\"ping\"}");
            bobSocket.next("pong", 10);
            assertThat(bobSocket.closed).isNotDone();
            // Signing in with the new password gives a working session; the old password none.
            assertThat(api.get("/api/auth/me", login(api, ann.email(), NEW_PASSWORD).accessToken()).status()).isEqualTo(200);
            assertThat(api.post("/api/auth/login", null, Map.of("email", ann.email(), "password", PASSWORD)).status()).isEqualTo(401);
        }
    }

    /**
     * The thief refreshes and reads in a loop on several threads while the owner changes the
     * password: whatever interleaving PostgreSQL gives, every request sent after the change was
     * answered is refused, and the thief ends holding nothing that works.
     */
    @Test
    void requests_and_refreshes_racing_a_password_change_leave_the_other_session_nothing_after_it() throws Exception {
        for (int round = 0; round < 3; round++) {
            ApiClient.User ann = api.register(uniqueEmail("race"));
            Session owner = new Session(ann.accessToken(), ann.refreshToken());
            AtomicBoolean changed = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService threads = Executors.newFixedThreadPool(4);
            List<Future<List<String>>> thieves = new ArrayList<>();
            try {
                for (int t = 0; t < 3; t++) {
                    Session start = login(api, ann.email(), PASSWORD);
                    thieves.add(threads.submit(() -> steal(start, changed, stop)));
                }
                Session fresh = changePassword(api, owner);
                changed.set(true);
                // Each thief still sends two rounds after this (see steal), then stops.
                stop.set(true);
                for (Future<List<String>> thief : thieves) {
                    assertThat(thief.get(60, TimeUnit.SECONDS)).as("requests sent after the change was answered").isEmpty();
                }
                assertThat(api.get("/api/auth/me", fresh.accessToken()).status()).isEqualTo(200);
            } finally {
                stop.set(true);
                threads.shutdownNow();
            }
        }
    }

    /**
     * Refreshes and reads with whatever tokens it holds until told to stop; returns what went
     * wrong: a request sent after the change that was not refused, or any 5xx.
     */
    private List<String> steal(Session start, AtomicBoolean changed, AtomicBoolean stop) {
        List<String> wrong = new ArrayList<>();
        Session held = start;
        int afterChange = 0;
        while (!stop.get() || afterChange < 2) {
            boolean sentAfter = changed.get();
            ApiClient.Response me = api.get("/api/auth/me", held.accessToken());
            ApiClient.Response refresh = api.post("/api/auth/refresh", null, Map.of("refreshToken", held.refreshToken()));
            if (me.status() >= 500 || refresh.status() >= 500) wrong.add("5xx: " + me.body() + " / " + refresh.body());
            if (refresh.status() == 200) held = Session.of(refresh.json());
            if (sentAfter) {
                afterChange++;
                if (me.status() != 401) wrong.add("GET /me after the change: " + me.status());
                if (refresh.status() != 401) wrong.add("refresh after the change: " + refresh.status());
            }
        }
        // Whatever it took meanwhile (a refresh that won its race against the change included) is dead now.
        if (api.get("/api/inventory", held.accessToken()).status() != 401) wrong.add("the last access token held still works");
        return wrong;
    }

    @Test
    void a_restarted_server_still_refuses_the_access_tokens_of_sessions_ended_before_it_stopped() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "DATABASE_URL", db.getJdbcUrl(), "DATABASE_USER", "postgres", "DATABASE_PASSWORD", "postgres",
                // The fixture's folder: its credentials key is the one this database knows.
                "JWT_SECRET", SECRET, "PORT", "0", "HOST", "127.0.0.1", "LLATRIA_DATA_DIR", dataDir.toString(),
                "RATE_LIMIT_PER_IP", "0", "RATE_LIMIT_PER_USER", "0"));
        String email = uniqueEmail("restart");
        Session thief;
        Session fresh;
        try (Server first = Server.start(Settings.fromEnvironment(env))) {
            ApiClient client = new ApiClient(first.port());
            ApiClient.User ann = client.register(email);
            thief = login(client, email, PASSWORD);
            fresh = changePassword(client, new Session(ann.accessToken(), ann.refreshToken()));
        }
        try (Server second = Server.start(Settings.fromEnvironment(env))) {
            ApiClient client = new ApiClient(second.port());
            assertThat(client.get("/api/auth/me", thief.accessToken()).status()).isEqualTo(401);
            assertThat(client.get("/api/auth/me", fresh.accessToken()).status()).isEqualTo(200);
            try (SyncSocketClient socket = SyncSocketClient.connect(second.port())) {
                socket.hello(thief.accessToken(), "thief", 0);
                assertThat(socket.closed.get(10, TimeUnit.SECONDS)).isEqualTo(4401);
            }
        }
    }
}
