package com.llatria.adapters.web.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.llatria.domain.fixtures.MutableClock;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtAccessTokensTest {
    private static final String SECRET = "a-secret-that-is-at-least-thirty-two-bytes-long";
    private final MutableClock clock = MutableClock.at("2026-11-25T10:00:00Z");
    private final JwtAccessTokens tokens = new JwtAccessTokens(SECRET, Duration.ofMinutes(15), clock);

    @Test
    void a_token_names_its_user_until_it_expires() {
        UserId ann = new UserId(UUID.randomUUID());
        JwtAccessTokens.Issued issued = tokens.issue(ann, 0);

        assertThat(tokens.verify(issued.token())).contains(ann);
        assertThat(issued.expiresInSeconds()).isEqualTo(900);
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(tokens.verify(issued.token())).isEmpty();
    }

    @Test
    void a_token_from_another_secret_is_not_ours() {
        JwtAccessTokens other = new JwtAccessTokens("another-secret-that-is-also-long-enough-123", Duration.ofMinutes(15), clock);

        assertThat(tokens.verify(other.issue(new UserId(UUID.randomUUID()), 0).token())).isEmpty();
    }

    @Test
    void a_short_secret_is_refused() {
        assertThatThrownBy(() -> new JwtAccessTokens("short", Duration.ofMinutes(15), clock)).hasMessageContaining("32 bytes");
    }

    @Test
    void only_a_well_made_token_of_ours_names_a_user() {
        UserId ann = new UserId(UUID.randomUUID());
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        Algorithm ours = Algorithm.HMAC256(SECRET);
        var valid = JWT.create().withIssuer(JwtAccessTokens.ISSUER).withAudience(JwtAccessTokens.AUDIENCE)
                .withSubject(ann.toString()).withIssuedAt(now).withExpiresAt(now.plusSeconds(60));

        assertThat(tokens.verify(valid.sign(ours))).as("control").contains(ann);
        assertThat(tokens.verify(JWT.create().withIssuer(JwtAccessTokens.ISSUER)
                .withAudience("another-api", JwtAccessTokens.AUDIENCE).withSubject(ann.toString())
                .withExpiresAt(now.plusSeconds(60)).sign(ours))).as("one of several audiences").contains(ann);
        assertThat(tokens.verify(valid.sign(Algorithm.none()))).as("alg none").isEmpty();
        assertThat(tokens.verify(valid.sign(Algorithm.HMAC384(SECRET)))).as("another algorithm, same key").isEmpty();
        assertThat(tokens.verify(valid.withKeyId("k1").sign(ours))).as("a header we never issue").isEmpty();
        assertThat(tokens.verify(JWT.create().withIssuer(JwtAccessTokens.ISSUER).withAudience(JwtAccessTokens.AUDIENCE)
                .withSubject(ann.toString()).sign(ours))).as("no expiry").isEmpty();
        assertThat(tokens.verify(JWT.create().withIssuer(JwtAccessTokens.ISSUER).withAudience(JwtAccessTokens.AUDIENCE)
                .withSubject(ann.toString()).withExpiresAt(now.plusSeconds(60)).withNotBefore(now.plusSeconds(30)).sign(ours)))
                .as("not yet valid").isEmpty();
        assertThat(tokens.verify(JWT.create().withIssuer(JwtAccessTokens.ISSUER).withAudience(JwtAccessTokens.AUDIENCE)
                .withSubject(ann.toString()).withExpiresAt(now.plusSeconds(60)).withIssuedAt(now.plusSeconds(30)).sign(ours)))
                .as("issued in the future").isEmpty();
        assertThat(tokens.verify(JWT.create().withIssuer(JwtAccessTokens.ISSUER).withAudience(JwtAccessTokens.AUDIENCE)
                .withExpiresAt(now.plusSeconds(60)).sign(ours))).as("no subject").isEmpty();
        assertThat(tokens.verify(JWT.create().withIssuer(JwtAccessTokens.ISSUER).withAudience(JwtAccessTokens.AUDIENCE)
                .withSubject("not-a-uuid").withExpiresAt(now.plusSeconds(60)).sign(ours))).as("a subject that is no user id").isEmpty();
    }

    @Test
    void a_changed_claim_breaks_the_signature() {
        UserId ann = new UserId(UUID.randomUUID());
        String token = tokens.issue(ann, 0).token();
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String bob = payload.replace(ann.toString(), UUID.randomUUID().toString());
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(bob.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertThat(tokens.verify(forged)).isEmpty();
        for (String broken : new String[]{"", ".", "..", parts[0], parts[0] + "." + parts[1], token + ".", token + "x",
                parts[0] + "." + parts[1] + ".%%%", "a.b.c.d"}) {
            assertThat(tokens.verify(broken)).as(broken).isEmpty();
        }
        assertThat(tokens.verify(token)).as("the original still works").contains(ann);
    }

    @Test
    void tokens_are_checked_correctly_from_many_threads_at_once() throws Exception {
        Map<String, UserId> issued = new java.util.HashMap<>();
        for (int i = 0; i < 64; i++) {
            UserId user = new UserId(UUID.randomUUID());
            issued.put(tokens.issue(user, 0).token(), user);
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var results = pool.invokeAll(issued.keySet().stream().map(token -> (java.util.concurrent.Callable<Boolean>)
                    () -> tokens.verify(token).equals(java.util.Optional.of(issued.get(token)))).toList());
            for (var result : results) assertThat(result.get()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_token_carries_the_session_epoch_it_was_issued_in_and_one_without_is_of_epoch_zero() {
        UserId ann = new UserId(UUID.randomUUID());
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        Algorithm ours = Algorithm.HMAC256(SECRET);

        assertThat(tokens.check(tokens.issue(ann, 3).token())).get().extracting(JwtAccessTokens.Verified::epoch).isEqualTo(3L);
        var old = JWT.create().withIssuer(JwtAccessTokens.ISSUER).withAudience(JwtAccessTokens.AUDIENCE)
                .withSubject(ann.toString()).withExpiresAt(now.plusSeconds(60));
        assertThat(tokens.check(old.sign(ours))).as("issued before epochs existed").get()
                .extracting(JwtAccessTokens.Verified::epoch).isEqualTo(0L);
        assertThat(tokens.check(old.withClaim(JwtAccessTokens.EPOCH, -1).sign(ours))).as("negative").isEmpty();
        assertThat(tokens.check(old.withClaim(JwtAccessTokens.EPOCH, "7").sign(ours))).as("text").isEmpty();
        assertThat(tokens.check(old.withClaim(JwtAccessTokens.EPOCH, 1.5).sign(ours))).as("fraction").isEmpty();
    }
}
