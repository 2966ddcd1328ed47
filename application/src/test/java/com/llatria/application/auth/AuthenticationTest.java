package com.llatria.application.auth;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.application.FakePasswordHasher;
import com.llatria.application.FieldError;
import com.llatria.application.InvalidInput;
import com.llatria.domain.fixtures.MutableClock;
import com.llatria.domain.fixtures.SequentialIds;
import org.junit.jupiter.api.Test;

import com.llatria.domain.user.User;
import com.llatria.domain.user.UserId;
import com.llatria.domain.user.UserName;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

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

        assertThat(loggedIn.user().id()).isEqualTo(registered.user().id());
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
        UserId ann = phone.user().id();
        assertThat(auth.isCurrent(ann, desktop.user().sessionEpoch())).as("the other sessions' access tokens").isFalse();
        assertThat(auth.isCurrent(ann, phone.user().sessionEpoch())).as("the changer's old access token").isFalse();
        assertThat(fresh.user().sessionEpoch()).isEqualTo(phone.user().sessionEpoch() + 1);
        assertThat(auth.isCurrent(ann, fresh.user().sessionEpoch())).as("the changer's new session").isTrue();
    }

    @Test
    void another_servers_password_change_ends_the_old_tokens_here_when_told_or_when_the_cache_runs_out() {
        Session phone = auth.register("ann@example.com", "correct horse");
        UserId ann = phone.user().id();
        assertThat(auth.isCurrent(ann, 0)).isTrue();
        Authentication otherInstance = new Authentication(persistence.users(), persistence.refreshTokens(),
                new FakePasswordHasher(), persistence.transactions(), new SequentialIds(), clock, Duration.ofDays(7));
        long epoch = otherInstance.changePassword(ann, "correct horse", "battery staple").user().sessionEpoch();

        assertThat(auth.isCurrent(ann, 0)).as("not told yet: cached").isTrue();
        auth.sessionsEnded(new com.llatria.domain.user.SessionsEnded.Before(ann, epoch));
        assertThat(auth.isCurrent(ann, 0)).as("told").isFalse();
        assertThat(auth.isCurrent(ann, epoch)).isTrue();

        Authentication third = new Authentication(persistence.users(), persistence.refreshTokens(),
                new FakePasswordHasher(), persistence.transactions(), new SequentialIds(), clock, Duration.ofDays(7));
        assertThat(third.isCurrent(ann, 0)).as("a server started afterwards reads the epoch").isFalse();
        Authentication fourth = new Authentication(persistence.users(), persistence.refreshTokens(),
                new FakePasswordHasher(), persistence.transactions(), new SequentialIds(), clock, Duration.ofDays(7));
        assertThat(fourth.isCurrent(ann, epoch)).isTrue();
        long next = otherInstance.changePassword(ann, "battery staple", "third horse!").user().sessionEpoch();
        assertThat(fourth.isCurrent(ann, epoch)).as("never told, still cached").isTrue();
        clock.advance(ActiveUsers.TTL);
        assertThat(fourth.isCurrent(ann, epoch)).as("the cache ran out").isFalse();
        assertThat(fourth.isCurrent(ann, next)).isTrue();
    }

    @Test
    void a_database_restored_to_before_a_password_change_is_followed_once_the_cache_runs_out() {
        UserId ann = auth.register("ann@example.com", "correct horse").user().id();
        long epoch = auth.changePassword(ann, "correct horse", "battery staple").user().sessionEpoch();
        assertThat(auth.isCurrent(ann, 0)).isFalse();
        // Restored from a backup taken before the change.
        User restored = persistence.users().find(ann).orElseThrow();
        persistence.users().update(new User(restored.id(), restored.email(), restored.name(), restored.passwordHash(),
                restored.createdAt(), restored.updatedAt(), restored.lastLogin(), true, 0));

        assertThat(auth.isCurrent(ann, epoch)).as("a token from after the change").isTrue();
        assertThat(auth.isCurrent(ann, 0)).as("still cached").isFalse();
        clock.advance(ActiveUsers.TTL);
        assertThat(auth.isCurrent(ann, 0)).as("the database's epoch again: a sign-in after the restore works").isTrue();
        assertThat(auth.isCurrent(ann, epoch)).as("and a later token changes nothing").isTrue();
        assertThat(auth.isCurrent(ann, 0)).isTrue();
    }

    @Test
    void a_sign_in_with_the_old_password_racing_its_change_starts_no_session() {
        Session phone = auth.register("ann@example.com", "correct horse");
        java.util.concurrent.atomic.AtomicBoolean changed = new java.util.concurrent.atomic.AtomicBoolean();
        Authentication[] racing = new Authentication[1];
        // The login has compared the old password when the change commits, before the login's own transaction.
        com.llatria.domain.port.PasswordHasher changesMidway = new com.llatria.domain.port.PasswordHasher() {
            final FakePasswordHasher delegate = new FakePasswordHasher();

            public String hash(String password) {
                return delegate.hash(password);
            }

            public boolean matches(String password, String hash) {
                boolean matches = delegate.matches(password, hash);
                if (!changed.getAndSet(true)) auth.changePassword(phone.user().id(), "correct horse", "battery staple");
                return matches;
            }
        };
        racing[0] = new Authentication(persistence.users(), persistence.refreshTokens(), changesMidway,
                persistence.transactions(), new SequentialIds(), clock, Duration.ofDays(7));

        assertThatThrownBy(() -> racing[0].login("ann@example.com", "correct horse")).isInstanceOf(InvalidCredentials.class);
        assertThat(changed).isTrue();
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

    @Test
    void a_new_account_has_the_name_it_was_given_is_active_and_has_not_signed_in_yet() {
        User ann = auth.register("ann@example.com", "correct horse", "  Ann Smith ").user();

        assertThat(ann.name()).contains(new UserName("Ann Smith"));
        assertThat(ann.active()).isTrue();
        assertThat(ann.lastLogin()).isEmpty();
        assertThat(ann.updatedAt()).isEqualTo(ann.createdAt());
        assertThat(auth.register("bob@example.com", "correct horse").user().name()).isEmpty();
    }

    @Test
    void a_blank_over_long_or_control_character_name_is_refused_with_the_other_problems() {
        for (String bad : new String[]{"   ", "x".repeat(256), "Ann\u0000", "Ann\nSmith"}) {
            assertThatThrownBy(() -> auth.register("nope", "correct horse", bad))
                    .asInstanceOf(type(InvalidInput.class))
                    .extracting(InvalidInput::errors).asList()
                    .extracting(e -> ((FieldError) e).field()).as(bad).containsExactly("email", "name");
        }
        assertThat(auth.register("ann@example.com", "correct horse", "x".repeat(255)).user().name()).isPresent();
    }

    @Test
    void signing_in_records_when_without_touching_updated_at() {
        Session registered = auth.register("ann@example.com", "correct horse");
        clock.advance(Duration.ofMinutes(5));

        User signedIn = auth.login("ann@example.com", "correct horse").user();

        assertThat(signedIn.lastLogin()).contains(clock.instant());
        assertThat(signedIn.updatedAt()).isEqualTo(registered.user().updatedAt());
        assertThat(auth.me(signedIn.id())).isEqualTo(signedIn);
    }

    @Test
    void renaming_moves_updated_at_and_removing_the_name_is_a_change_too() {
        UserId ann = auth.register("ann@example.com", "correct horse").user().id();
        clock.advance(Duration.ofMinutes(1));

        User renamed = auth.updateProfile(ann, ProfileChange.rename("Ann"));
        assertThat(renamed.name()).contains(new UserName("Ann"));
        assertThat(renamed.updatedAt()).isEqualTo(clock.instant());

        clock.advance(Duration.ofMinutes(1));
        User unnamed = auth.updateProfile(ann, ProfileChange.rename(null));
        assertThat(unnamed.name()).isEmpty();
        assertThat(unnamed.updatedAt()).isEqualTo(clock.instant());
        assertThat(auth.me(ann)).isEqualTo(unnamed);
    }

    @Test
    void a_change_that_changes_nothing_keeps_updated_at() {
        UserId ann = auth.register("ann@example.com", "correct horse", "Ann").user().id();
        User before = auth.me(ann);
        clock.advance(Duration.ofMinutes(1));

        assertThat(auth.updateProfile(ann, ProfileChange.rename("Ann"))).isEqualTo(before);
        assertThat(auth.updateProfile(ann, new ProfileChange(false, null, Optional.empty(), Optional.empty(), Optional.empty())))
                .isEqualTo(before);
    }

    @Test
    void read_only_fields_sent_back_must_agree_with_the_account_and_every_problem_is_listed() {
        User ann = auth.register("ann@example.com", "correct horse").user();
        ProfileChange echoed = new ProfileChange(true, "Ann", Optional.of(ann.id().toString().toUpperCase()),
                Optional.of("ANN@example.com"), Optional.of(true));
        assertThat(auth.updateProfile(ann.id(), echoed).name()).contains(new UserName("Ann"));

        ProfileChange wrong = new ProfileChange(true, " ", Optional.of(UUID.randomUUID().toString()),
                Optional.of("someone@example.com"), Optional.of(false));
        assertThatThrownBy(() -> auth.updateProfile(ann.id(), wrong))
                .asInstanceOf(type(InvalidInput.class))
                .extracting(InvalidInput::errors).asList()
                .extracting(e -> ((FieldError) e).field()).containsExactly("name", "id", "email", "isActive");
        assertThat(auth.me(ann.id()).name()).contains(new UserName("Ann"));
    }

    @Test
    void a_deactivated_account_cannot_sign_in_refresh_or_be_used() {
        Session session = auth.register("ann@example.com", "correct horse");
        Session other = auth.login("ann@example.com", "correct horse");
        UserId ann = session.user().id();
        assertThat(auth.isActive(ann)).isTrue();

        auth.deactivate(ann, "correct horse");

        assertThat(auth.isActive(ann)).as("at once in this process, cache or not").isFalse();
        assertThatThrownBy(() -> auth.login("ann@example.com", "correct horse")).isInstanceOf(InvalidCredentials.class)
                .hasMessage(catchThrowable(() -> auth.login("ann@example.com", "wrong horse")).getMessage());
        assertThatThrownBy(() -> auth.refresh(session.refreshToken())).isInstanceOf(InvalidRefreshToken.class);
        assertThatThrownBy(() -> auth.refresh(other.refreshToken())).isInstanceOf(InvalidRefreshToken.class);
        assertThatThrownBy(() -> auth.me(ann)).isInstanceOf(NotSignedIn.class);
        assertThatThrownBy(() -> auth.updateProfile(ann, ProfileChange.rename("x"))).isInstanceOf(NotSignedIn.class);
        assertThatThrownBy(() -> auth.register("ann@example.com", "correct horse")).as("the account still exists")
                .isInstanceOf(EmailTaken.class);
        assertThat(persistence.users().find(ann).orElseThrow().active()).isFalse();
    }

    @Test
    void deactivating_needs_the_password() {
        UserId ann = auth.register("ann@example.com", "correct horse").user().id();

        assertThatThrownBy(() -> auth.deactivate(ann, "wrong horse")).isInstanceOf(InvalidInput.class).hasMessageContaining("password");
        assertThatThrownBy(() -> auth.deactivate(ann, null)).isInstanceOf(InvalidInput.class).hasMessageContaining("password");
        assertThat(auth.isActive(ann)).isTrue();
    }

    @Test
    void a_deactivation_by_another_server_is_noticed_within_the_cache_lifetime() {
        UserId ann = auth.register("ann@example.com", "correct horse").user().id();
        assertThat(auth.isActive(ann)).isTrue();
        // Another instance sharing the database deactivates Ann: this one's cache does not know.
        Authentication otherInstance = new Authentication(persistence.users(), persistence.refreshTokens(),
                new FakePasswordHasher(), persistence.transactions(), new SequentialIds(), clock, Duration.ofDays(7));
        otherInstance.deactivate(ann, "correct horse");

        assertThat(auth.isActive(ann)).as("still cached").isTrue();
        clock.advance(ActiveUsers.TTL);
        assertThat(auth.isActive(ann)).isFalse();
    }

    @Test
    void an_unknown_user_is_not_active() {
        assertThat(auth.isActive(new UserId(UUID.randomUUID()))).isFalse();
    }

    @Test
    void a_password_over_72_bytes_at_sign_in_is_the_generic_failure_after_the_same_check() {
        CountingHasher counting = new CountingHasher();
        Authentication counted = new Authentication(persistence.users(), persistence.refreshTokens(), counting,
                persistence.transactions(), new SequentialIds(), clock, Duration.ofDays(7));
        counted.register("ann@example.com", "correct horse");
        counting.checks = 0;

        Throwable tooLong = catchThrowable(() -> counted.login("ann@example.com", "correct horse" + "x".repeat(70)));

        assertThat(tooLong).isInstanceOf(InvalidCredentials.class);
        assertThat(counting.checks).isEqualTo(1);
    }

    @Test
    void a_current_password_over_72_bytes_is_a_clear_field_error() {
        UserId ann = auth.register("ann@example.com", "correct horse").user().id();

        assertThatThrownBy(() -> auth.changePassword(ann, "y".repeat(73), "battery staple"))
                .asInstanceOf(type(InvalidInput.class))
                .extracting(InvalidInput::errors).asList()
                .containsExactly(new FieldError("currentPassword", "is incorrect: no password is longer than 72 bytes"));
        assertThatThrownBy(() -> auth.changePassword(ann, "correct horse", "z".repeat(73)))
                .asInstanceOf(type(InvalidInput.class))
                .extracting(InvalidInput::errors).asList()
                .extracting(e -> ((FieldError) e).field()).containsExactly("newPassword");
    }

    @Test
    void changing_the_password_moves_updated_at() {
        User ann = auth.register("ann@example.com", "correct horse").user();
        clock.advance(Duration.ofMinutes(3));

        User changed = auth.changePassword(ann.id(), "correct horse", "battery staple").user();

        assertThat(changed.updatedAt()).isEqualTo(clock.instant());
    }
}
