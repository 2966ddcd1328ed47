package com.llatria.adapters.web.auth;

import com.llatria.domain.fixtures.MutableClock;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
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
        JwtAccessTokens.Issued issued = tokens.issue(ann);

        assertThat(tokens.verify(issued.token())).contains(ann);
        assertThat(issued.expiresInSeconds()).isEqualTo(900);
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(tokens.verify(issued.token())).isEmpty();
    }

    @Test
    void a_token_from_another_secret_is_not_ours() {
        JwtAccessTokens other = new JwtAccessTokens("another-secret-that-is-also-long-enough-123", Duration.ofMinutes(15), clock);

        assertThat(tokens.verify(other.issue(new UserId(UUID.randomUUID())).token())).isEmpty();
    }

    @Test
    void a_short_secret_is_refused() {
        assertThatThrownBy(() -> new JwtAccessTokens("short", Duration.ofMinutes(15), clock)).hasMessageContaining("32 bytes");
    }
}
