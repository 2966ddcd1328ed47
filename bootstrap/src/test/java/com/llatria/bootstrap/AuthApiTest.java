package com.llatria.bootstrap;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.llatria.adapters.web.auth.JwtAccessTokens;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AuthApiTest extends ServerFixture {

    @Test
    void registering_returns_tokens_in_the_body_and_the_refresh_token_as_a_strict_cookie() {
        ApiClient.Response r = api.post("/api/auth/register", null, Map.of("email", uniqueEmail("Ann").toUpperCase(), "password", "correct horse"));

        assertThat(r.status()).isEqualTo(201);
        JsonNode body = r.json();
        assertThat(body.at("/user/email").asText()).isEqualTo(body.at("/user/email").asText().toLowerCase());
        assertThat(body.get("tokenType").asText()).isEqualTo("Bearer");
        assertThat(body.get("expiresIn").asLong()).isEqualTo(900);
        String cookie = r.header("Set-Cookie");
        assertThat(cookie).startsWith("llatria_refresh=" + body.get("refreshToken").asText() + ";")
                .contains("HttpOnly", "Secure", "SameSite=Strict", "Path=/api/auth");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void passwords_are_stored_with_bcrypt_at_cost_ten_or_more() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));

        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select password_hash from users where email = ?")) {
            s.setString(1, ann.email());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                String hash = rs.getString(1);
                assertThat(hash).matches("\\$2[aby]\\$\\d\\d\\$.{53}");
                assertThat(Integer.parseInt(hash.substring(4, 6))).isGreaterThanOrEqualTo(10);
            }
        }
    }

    @Test
    void a_sixty_four_character_password_works_and_one_over_72_bytes_is_refused_clearly() {
        String email = uniqueEmail("long");
        String password64 = "p".repeat(64);
        assertThat(api.post("/api/auth/register", null, Map.of("email", email, "password", password64)).status()).isEqualTo(201);
        assertThat(api.post("/api/auth/login", null, Map.of("email", email, "password", password64)).status()).isEqualTo(200);

        ApiClient.Response tooLong = api.post("/api/auth/register", null, Map.of("email", uniqueEmail("x"), "password", "p".repeat(73)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().at("/errors/0/field").asText()).isEqualTo("password");
        assertThat(tooLong.json().at("/errors/0/reason").asText()).contains("72 bytes");
    }

    @Test
    void a_password_over_72_bytes_is_the_generic_401_at_sign_in_and_a_clear_400_when_changing_it() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String tooLong = "correct horse battery" + "!".repeat(60);

        ApiClient.Response login = api.post("/api/auth/login", null, Map.of("email", ann.email(), "password", tooLong));
        assertThat(login.status()).isEqualTo(401);
        assertThat(login.body()).isEqualTo(api.post("/api/auth/login", null, Map.of("email", ann.email(), "password", "wrong password")).body());

        ApiClient.Response current = api.post("/api/auth/password", ann.accessToken(),
                Map.of("currentPassword", tooLong, "newPassword", "a brand new password"));
        assertThat(current.status()).isEqualTo(400);
        assertThat(current.json().at("/errors/0/field").asText()).isEqualTo("currentPassword");
        assertThat(current.json().at("/errors/0/reason").asText()).contains("72 bytes");

        ApiClient.Response next = api.post("/api/auth/password", ann.accessToken(),
                Map.of("currentPassword", "correct horse battery", "newPassword", tooLong));
        assertThat(next.status()).isEqualTo(400);
        assertThat(next.json().at("/errors/0/field").asText()).isEqualTo("newPassword");
        assertThat(next.json().at("/errors/0/reason").asText()).contains("72 bytes");
        assertThat(api.post("/api/auth/login", null, Map.of("email", ann.email(), "password", "correct horse battery")).status())
                .as("nothing changed").isEqualTo(200);
    }

    @Test
    void registration_problems_name_each_field() {
        ApiClient.Response r = api.post("/api/auth/register", null, Map.of("email", "not-an-email", "password", "short"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("errors").findValuesAsText("field")).containsExactly("email", "password");
    }

    @Test
    void an_email_can_be_registered_once_whatever_its_case() {
        String email = uniqueEmail("dup");
        api.register(email);

        ApiClient.Response again = api.post("/api/auth/register", null, Map.of("email", email.toUpperCase(), "password", "another password"));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("type").asText()).isEqualTo("urn:llatria:problem:email-taken");
    }

    @Test
    void login_failures_look_the_same_for_an_unknown_email_and_a_wrong_password() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));

        ApiClient.Response wrongPassword = api.post("/api/auth/login", null, Map.of("email", ann.email(), "password", "wrong password"));
        ApiClient.Response unknownEmail = api.post("/api/auth/login", null, Map.of("email", uniqueEmail("nobody"), "password", "wrong password"));

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownEmail.status()).isEqualTo(401);
        assertThat(wrongPassword.body()).isEqualTo(unknownEmail.body());
    }

    @Test
    void me_needs_a_valid_access_token() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));

        assertThat(api.get("/api/auth/me", ann.accessToken()).json().get("email").asText()).isEqualTo(ann.email());
        ApiClient.Response anonymous = api.get("/api/auth/me", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
    }

    @Test
    void forged_foreign_and_expired_access_tokens_are_refused() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        Instant now = Instant.now();
        Algorithm ours = Algorithm.HMAC256(SECRET);
        var valid = JWT.create().withIssuer(JwtAccessTokens.ISSUER).withAudience(JwtAccessTokens.AUDIENCE)
                .withSubject(ann.id()).withIssuedAt(now).withExpiresAt(now.plusSeconds(600));

        assertThat(api.get("/api/auth/me", valid.sign(ours)).status()).as("control: a well-made token works").isEqualTo(200);
        assertThat(api.get("/api/auth/me", valid.sign(Algorithm.none())).status()).as("alg none").isEqualTo(401);
        assertThat(api.get("/api/auth/me", valid.sign(Algorithm.HMAC256("another-secret-that-is-long-enough-too-0123456789"))).status())
                .as("another key").isEqualTo(401);
        assertThat(api.get("/api/auth/me", JWT.create().withIssuer("someone-else").withAudience(JwtAccessTokens.AUDIENCE)
                .withSubject(ann.id()).withExpiresAt(now.plusSeconds(600)).sign(ours)).status()).as("wrong issuer").isEqualTo(401);
        assertThat(api.get("/api/auth/me", JWT.create().withIssuer(JwtAccessTokens.ISSUER).withAudience("another-api")
                .withSubject(ann.id()).withExpiresAt(now.plusSeconds(600)).sign(ours)).status()).as("wrong audience").isEqualTo(401);
        assertThat(api.get("/api/auth/me", JWT.create().withIssuer(JwtAccessTokens.ISSUER).withAudience(JwtAccessTokens.AUDIENCE)
                .withSubject(ann.id()).withExpiresAt(now.minusSeconds(5)).sign(ours)).status()).as("expired").isEqualTo(401);
        assertThat(api.get("/api/auth/me", "not.a.jwt").status()).isEqualTo(401);
    }

    @Test
    void a_refresh_token_works_once_from_the_body_or_the_cookie() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));

        ApiClient.Response byBody = api.post("/api/auth/refresh", null, Map.of("refreshToken", ann.refreshToken()));
        String second = byBody.json().get("refreshToken").asText();
        ApiClient.Response byCookie = api.send("POST", "/api/auth/refresh", null, null, Map.of("Cookie", "llatria_refresh=" + second));

        assertThat(byBody.status()).isEqualTo(200);
        assertThat(byCookie.status()).isEqualTo(200);
        assertThat(api.get("/api/auth/me", byCookie.json().get("accessToken").asText()).status()).isEqualTo(200);
    }

    @Test
    void reusing_a_rotated_refresh_token_kills_the_session() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String newest = api.post("/api/auth/refresh", null, Map.of("refreshToken", ann.refreshToken())).json().get("refreshToken").asText();

        ApiClient.Response replay = api.post("/api/auth/refresh", null, Map.of("refreshToken", ann.refreshToken()));

        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.json().get("detail").asText()).contains("already used");
        assertThat(api.post("/api/auth/refresh", null, Map.of("refreshToken", newest)).status()).isEqualTo(401);
    }

    @Test
    void logout_ends_the_session_and_clears_the_cookie() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));

        ApiClient.Response out = api.post("/api/auth/logout", null, Map.of("refreshToken", ann.refreshToken()));

        assertThat(out.status()).isEqualTo(204);
        assertThat(out.header("Set-Cookie")).startsWith("llatria_refresh=;").contains("Max-Age=0");
        assertThat(api.post("/api/auth/refresh", null, Map.of("refreshToken", ann.refreshToken())).status()).isEqualTo(401);
    }

    @Test
    void changing_the_password_ends_other_sessions_and_retires_the_old_password() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String otherDevice = api.post("/api/auth/login", null, Map.of("email", ann.email(), "password", "correct horse battery"))
                .json().get("refreshToken").asText();

        ApiClient.Response changed = api.post("/api/auth/password", ann.accessToken(),
                Map.of("currentPassword", "correct horse battery", "newPassword", "a brand new password"));

        assertThat(changed.status()).isEqualTo(200);
        assertThat(api.post("/api/auth/refresh", null, Map.of("refreshToken", otherDevice)).status()).isEqualTo(401);
        assertThat(api.post("/api/auth/refresh", null, Map.of("refreshToken", ann.refreshToken())).status()).isEqualTo(401);
        assertThat(api.post("/api/auth/login", null, Map.of("email", ann.email(), "password", "correct horse battery")).status()).isEqualTo(401);
        assertThat(api.post("/api/auth/login", null, Map.of("email", ann.email(), "password", "a brand new password")).status()).isEqualTo(200);
    }

    @Test
    void unknown_fields_in_an_auth_body_are_refused() {
        ApiClient.Response r = api.post("/api/auth/register", null, Map.of("email", uniqueEmail("x"), "password", "correct horse", "role", "admin"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("role");
    }
}
