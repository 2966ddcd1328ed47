package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The signed-in user's own account: /api/auth/me read, replaced, patched and deactivated. */
class AccountApiTest extends ServerFixture {
    private static final String PASSWORD = "correct horse battery";

    @Test
    void me_shows_the_designs_user_fields_and_sign_in_records_last_login() {
        String email = uniqueEmail("ann");
        JsonNode registered = api.post("/api/auth/register", null, Map.of("email", email, "password", PASSWORD, "name", "Ann Smith")).json();
        JsonNode me = api.get("/api/auth/me", registered.get("accessToken").asText()).json();

        assertThat(me.get("name").asText()).isEqualTo("Ann Smith");
        assertThat(me.get("isActive").asBoolean()).isTrue();
        assertThat(me.get("lastLogin").isNull()).isTrue();
        assertThat(me.get("updatedAt").asText()).isEqualTo(me.get("createdAt").asText());
        assertThat(me.has("passwordHash")).isFalse();
        assertThat(registered.get("user")).isEqualTo(me);

        JsonNode login = api.post("/api/auth/login", null, Map.of("email", email, "password", PASSWORD)).json();
        JsonNode after = api.get("/api/auth/me", login.get("accessToken").asText()).json();
        assertThat(Instant.parse(after.get("lastLogin").asText())).isAfterOrEqualTo(Instant.parse(me.get("createdAt").asText()));
        assertThat(after.get("updatedAt")).isEqualTo(me.get("updatedAt"));
        assertThat(login.get("user")).isEqualTo(after);
    }

    @Test
    void registering_without_a_name_is_fine_and_a_bad_name_is_a_field_error() {
        ApiClient.User bob = api.register(uniqueEmail("bob"));
        assertThat(api.get("/api/auth/me", bob.accessToken()).json().get("name").isNull()).isTrue();

        ApiClient.Response bad = api.post("/api/auth/register", null, Map.of("email", uniqueEmail("x"), "password", PASSWORD, "name", "a\u0000b"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.json().at("/errors/0/field").asText()).isEqualTo("name");
        ApiClient.Response number = api.post("/api/auth/register", null, Map.of("email", uniqueEmail("x"), "password", PASSWORD, "name", 42));
        assertThat(number.status()).isEqualTo(400);
        assertThat(number.json().at("/errors/0/field").asText()).isEqualTo("name");
    }

    @Test
    void what_get_me_returns_can_be_put_back_with_the_name_changed() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        ObjectNode me = (ObjectNode) api.get("/api/auth/me", ann.accessToken()).json();
        me.put("name", "Ann B.");

        ApiClient.Response put = api.put("/api/auth/me", ann.accessToken(), me.toString());

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("name").asText()).isEqualTo("Ann B.");
        assertThat(Instant.parse(put.json().get("updatedAt").asText())).isAfter(Instant.parse(me.get("updatedAt").asText()));
        assertThat(api.get("/api/auth/me", ann.accessToken()).json()).isEqualTo(put.json());
    }

    @Test
    void put_needs_the_name_and_null_removes_it() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        api.put("/api/auth/me", ann.accessToken(), Map.of("name", "Ann"));

        ApiClient.Response missing = api.put("/api/auth/me", ann.accessToken(), Map.of());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().at("/errors/0/field").asText()).isEqualTo("name");

        Map<String, Object> remove = new HashMap<>();
        remove.put("name", null);
        ApiClient.Response removed = api.put("/api/auth/me", ann.accessToken(), remove);
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.json().get("name").isNull()).isTrue();
    }

    @Test
    void patch_changes_only_what_it_sends() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        JsonNode named = api.patch("/api/auth/me", ann.accessToken(), Map.of("name", "Ann")).json();

        ApiClient.Response empty = api.patch("/api/auth/me", ann.accessToken(), Map.of());
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.json()).as("nothing asked, nothing changed, updatedAt included").isEqualTo(named);

        ApiClient.Response mergePatch = api.send("PATCH", "/api/auth/me", ann.accessToken(), "{\"name\":\"Ann C.\"}",
                Map.of("Content-Type", "application/merge-patch+json"));
        assertThat(mergePatch.status()).isEqualTo(200);
        assertThat(mergePatch.json().get("name").asText()).isEqualTo("Ann C.");
    }

    @Test
    void bad_profile_changes_list_every_problem_and_change_nothing() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        JsonNode before = api.patch("/api/auth/me", ann.accessToken(), Map.of("name", "Ann")).json();

        ApiClient.Response bad = api.patch("/api/auth/me", ann.accessToken(), Map.of("name", " ", "email", "other@example.com",
                "id", UUID.randomUUID().toString(), "isActive", false));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.json().get("errors").findValuesAsText("field")).containsExactly("name", "id", "email", "isActive");

        ApiClient.Response unknown = api.patch("/api/auth/me", ann.accessToken(), Map.of("passwordHash", "x"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().at("/errors/0/field").asText()).isEqualTo("passwordHash");
        assertThat(api.patch("/api/auth/me", ann.accessToken(), "[1]").status()).isEqualTo(400);
        assertThat(api.patch("/api/auth/me", ann.accessToken(), "{").status()).isEqualTo(400);
        assertThat(api.put("/api/auth/me", ann.accessToken(), Map.of("name", "x".repeat(256))).status()).isEqualTo(400);

        assertThat(api.get("/api/auth/me", ann.accessToken()).json()).isEqualTo(before);
    }

    @Test
    void profile_changes_need_a_signed_in_user() {
        assertThat(api.put("/api/auth/me", null, Map.of("name", "x")).status()).isEqualTo(401);
        assertThat(api.patch("/api/auth/me", "not.a.jwt", Map.of("name", "x")).status()).isEqualTo(401);
        assertThat(api.send("DELETE", "/api/auth/me", null, Map.of("password", PASSWORD)).status()).isEqualTo(401);
    }

    @Test
    void deactivating_needs_the_password_then_ends_everything() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String otherDevice = api.post("/api/auth/login", null, Map.of("email", ann.email(), "password", PASSWORD))
                .json().get("refreshToken").asText();

        ApiClient.Response wrong = api.send("DELETE", "/api/auth/me", ann.accessToken(), Map.of("password", "not it at all"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().at("/errors/0/field").asText()).isEqualTo("password");
        assertThat(api.send("DELETE", "/api/auth/me", ann.accessToken(), null).status()).isEqualTo(400);
        assertThat(api.get("/api/auth/me", ann.accessToken()).status()).isEqualTo(200);

        ApiClient.Response deactivated = api.send("DELETE", "/api/auth/me", ann.accessToken(), Map.of("password", PASSWORD));
        assertThat(deactivated.status()).isEqualTo(204);
        assertThat(deactivated.header("Set-Cookie")).startsWith("llatria_refresh=;").contains("Max-Age=0");

        ApiClient.Response me = api.get("/api/auth/me", ann.accessToken());
        assertThat(me.status()).isEqualTo(401);
        assertThat(me.contentType()).startsWith("application/problem+json");
        assertThat(api.get("/api/inventory", ann.accessToken()).status()).isEqualTo(401);
        assertThat(api.post("/api/inventory", ann.accessToken(), ApiClient.item("Lamp", "5.00")).status()).isEqualTo(401);
        assertThat(api.post("/api/auth/refresh", null, Map.of("refreshToken", ann.refreshToken())).status()).isEqualTo(401);
        assertThat(api.post("/api/auth/refresh", null, Map.of("refreshToken", otherDevice)).status()).isEqualTo(401);
        ApiClient.Response login = api.post("/api/auth/login", null, Map.of("email", ann.email(), "password", PASSWORD));
        assertThat(login.status()).isEqualTo(401);
        assertThat(login.body()).as("the generic sign-in failure")
                .isEqualTo(api.post("/api/auth/login", null, Map.of("email", uniqueEmail("nobody"), "password", PASSWORD)).body());
        assertThat(api.post("/api/auth/register", null, Map.of("email", ann.email(), "password", PASSWORD)).status()).isEqualTo(409);
    }

    @Test
    void a_valid_access_token_of_a_user_who_no_longer_exists_is_refused_everywhere() throws Exception {
        ApiClient.User ghost = api.register(uniqueEmail("ghost"));
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("delete from users where id = ?::uuid")) {
            s.setString(1, ghost.id());
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        // (Deleted behind the server's back, so no cache of it was told; the server had not checked its token yet.)
        String neverExisted = tokenFor(UUID.randomUUID().toString());

        for (String token : new String[]{ghost.accessToken(), neverExisted}) {
            assertThat(api.get("/api/inventory", token).status()).isEqualTo(401);
            assertThat(api.post("/api/inventory", token, ApiClient.item("Lamp", "5.00")).status()).isEqualTo(401);
            assertThat(api.get("/api/inventory/" + UUID.randomUUID(), token).status()).isEqualTo(401);
            assertThat(api.get("/api/auth/me", token).status()).isEqualTo(401);
            assertThat(api.patch("/api/auth/me", token, Map.of("name", "x")).status()).isEqualTo(401);
            assertThat(api.post("/api/auth/password", token, Map.of("currentPassword", PASSWORD, "newPassword", "whatever else")).status())
                    .isEqualTo(401);
        }
        assertThat(api.post("/api/auth/refresh", null, Map.of("refreshToken", ghost.refreshToken())).status()).isEqualTo(401);
    }

    private static String tokenFor(String userId) {
        Instant now = Instant.now();
        return com.auth0.jwt.JWT.create().withIssuer(com.llatria.adapters.web.auth.JwtAccessTokens.ISSUER)
                .withAudience(com.llatria.adapters.web.auth.JwtAccessTokens.AUDIENCE).withSubject(userId)
                .withIssuedAt(now).withExpiresAt(now.plusSeconds(600)).sign(com.auth0.jwt.algorithms.Algorithm.HMAC256(SECRET));
    }
}
