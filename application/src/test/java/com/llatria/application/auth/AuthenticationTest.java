package com.llatria.application.auth;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.application.FakePasswordHasher;
import com.llatria.application.FieldError;
import com.llatria.application.InvalidInput;
import com.llatria.domain.fixtures.MutableClock;
import com.llatria.domain.fixtures.SequentialIds;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

class AuthenticationTest {
    private final MutableClock clock = MutableClock.at("2026-11-25T10:00:00Z");
    private final Persistence persistence = Persistence.inMemory();
    private final Authentication auth = new Authentication(persistence.users(), persistence.refreshTokens(),
            new FakePasswordHasher(), persistence.transactions(), new SequentialIds(), clock, Duration.ofDays(7));

    @Test
    void a_registered_user_can_log_in_with_any_case_of_the_email() {
        Session registered = auth.register("Ann@Example.com", "correct horse");

        Session loggedIn = auth.login("ann@EXAMPLE.com", "correct horse");

        assertThat(loggedIn.user()).isEqualTo(registered.user());
        assertThat(loggedIn.refreshToken()).isNotEqualTo(registered.refreshToken());
    }

    @Test
    void registering_a_taken_email_is_refused() {
        auth.register("ann@example.com", "correct horse");

        assertThatThrownBy(() -> auth.register("ANN@example.com", "another one")).isInstanceOf(EmailTaken.class);
    }

    @Test
    void registration_reports_every_invalid_field() {
        assertThatThrownBy(() -> auth.register("nope", "short"))
                .asInstanceOf(type(InvalidInput.class))
                .extracting(InvalidInput::errors).asList()
                .extracting(e -> ((FieldError) e).field()).containsExactly("email", "password");
    }

    @Test
    void a_wrong_password_and_an_unknown_email_fail_the_same_way() {
        auth.register("ann@example.com", "correct horse");

        Throwable wrongPassword = org.assertj.core.api.Assertions.catchThrowable(() -> auth.login("ann@example.com", "wrong horse"));
        Throwable unknownEmail = org.assertj.core.api.Assertions.catchThrowable(() -> auth.login("bob@example.com", "correct horse"));

        assertThat(wrongPassword).isInstanceOf(InvalidCredentials.class);
        assertThat(unknownEmail).isInstanceOf(InvalidCredentials.class).hasMessage(wrongPassword.getMessage());
    }

    @Test
    void an_unknown_email_costs_the_same_password_check_as_a_known_one() {
        CountingHasher counting = new CountingHasher();
        Authentication counted = new Authentication(persistence.users(), persistence.refreshTokens(), counting,
                persistence.transactions(), new SequentialIds(), clock, Duration.ofDays(7));
        counted.register("ann@example.com", "correct horse");
        counting.checks = 0;

        catchThrowable(() -> counted.login("ann@example.com", "wrong horse"));
        int forKnownEmail = counting.checks;
        catchThrowable(() -> counted.login("nobody@example.com", "wrong horse"));

        assertThat(forKnownEmail).isEqualTo(1);
        assertThat(counting.checks - forKnownEmail).isEqualTo(1);
    }

    /** Counts comparisons; the slow part of a login, and what must not differ between the two failures. */
    private static final class CountingHasher implements com.llatria.domain.port.PasswordHasher {
        private final FakePasswordHasher delegate = new FakePasswordHasher();
        int checks;

        @Override
        public String hash(String password) {
            return delegate.hash(password);
        }

        @Override
        public boolean matches(String password, String hash) {
            checks++;
            return delegate.matches(password, hash);
        }
    }

    @Test
    void a_refresh_token_is_rotated_on_every_use() {
        Session first = auth.register("ann@example.com", "correct horse");

        Session second = auth.refresh(first.refreshToken());
        Session third = auth.refresh(second.refreshToken());

        assertThat(third.user()).isEqualTo(first.user());
        assertThat(third.refreshToken()).isNotIn(first.refreshToken(), second.refreshToken());
    }

    @Test
    void reusing_a_rotated_token_ends_the_whole_session_including_the_newest_token() {
        Session first = auth.register("ann@example.com", "correct horse");
        Session second = auth.refresh(first.refreshToken());

        assertThatThrownBy(() -> auth.refresh(first.refreshToken())).isInstanceOf(InvalidRefreshToken.class)
                .hasMessageContaining("already used");
        assertThatThrownBy(() -> auth.refresh(second.refreshToken())).isInstanceOf(InvalidRefreshToken.class);
    }

    @Test
    void a_reuse_on_one_device_does_not_end_the_session_of_another_device() {
        auth.register("ann@example.com", "correct horse");
        Session phone = auth.login("ann@example.com", "correct horse");
        Session desktop = auth.login("ann@example.com", "correct horse");
        auth.refresh(phone.refreshToken());

        assertThatThrownBy(() -> auth.refresh(phone.refreshToken())).isInstanceOf(InvalidRefreshToken.class);
        assertThat(auth.refresh(desktop.refreshToken()).user()).isEqualTo(desktop.user());
    }

    @Test
    void sessions_expire_seven_days_after_login_however_often_they_are_rotated() {
        Session session = auth.register("ann@example.com", "correct horse");
        for (int day = 0; day < 6; day++) {
            clock.advance(Duration.ofDays(1));
            session = auth.refresh(session.refreshToken());
        }
        assertThat(session.refreshExpiresAt()).isEqualTo(java.time.Instant.parse("2026-12-02T10:00:00Z"));
        clock.advance(Duration.ofDays(1));

        String last = session.refreshToken();
        assertThatThrownBy(() -> auth.refresh(last)).isInstanceOf(InvalidRefreshToken.class).hasMessageContaining("expired");
    }

    @Test
    void logout_ends_the_session() {
        Session session = auth.register("ann@example.com", "correct horse");

        auth.logout(session.refreshToken());

        assertThatThrownBy(() -> auth.refresh(session.refreshToken())).isInstanceOf(InvalidRefreshToken.class);
    }

    @Test
    void changing_the_password_ends_every_other_session() {
        Session phone = auth.register("ann@example.com", "correct horse");
        Session desktop = auth.login("ann@example.com", "correct horse");

        Session fresh = auth.changePassword(phone.user().id(), "correct horse", "battery staple");

        assertThatThrownBy(() -> auth.refresh(phone.refreshToken())).isInstanceOf(InvalidRefreshToken.class);
        assertThatThrownBy(() -> auth.refresh(desktop.refreshToken())).isInstanceOf(InvalidRefreshToken.class);
        assertThat(auth.refresh(fresh.refreshToken()).user().id()).isEqualTo(phone.user().id());
        assertThatThrownBy(() -> auth.login("ann@example.com", "correct horse")).isInstanceOf(InvalidCredentials.class);
        assertThat(auth.login("ann@example.com", "battery staple").user().id()).isEqualTo(phone.user().id());
    }

    @Test
    void changing_the_password_needs_the_current_one() {
        Session session = auth.register("ann@example.com", "correct horse");

        assertThatThrownBy(() -> auth.changePassword(session.user().id(), "wrong horse", "battery staple"))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("currentPassword");
        assertThat(auth.refresh(session.refreshToken())).isNotNull();
    }

    @Test
    void unknown_tokens_are_refused() {
        assertThatThrownBy(() -> auth.refresh("made-up")).isInstanceOf(InvalidRefreshToken.class);
        assertThatThrownBy(() -> auth.refresh("")).isInstanceOf(InvalidRefreshToken.class);
    }
}
