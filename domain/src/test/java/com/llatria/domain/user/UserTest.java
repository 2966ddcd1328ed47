package com.llatria.domain.user;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class UserTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private final User ann = new User(new UserId(UUID.randomUUID()), new Email("ann@example.com"), "hash", T0);

    @Test
    void updated_at_always_moves_forward_even_when_the_clock_does_not() {
        User once = ann.renamed(Optional.of(new UserName("A")), T0);
        User twice = once.renamed(Optional.of(new UserName("B")), T0);
        User clockBack = twice.withPasswordHash("other", T0.minusSeconds(60));

        assertThat(once.updatedAt()).isEqualTo(T0.plusNanos(1_000));
        assertThat(twice.updatedAt()).isEqualTo(T0.plusNanos(2_000));
        assertThat(clockBack.updatedAt()).isEqualTo(T0.plusNanos(3_000));
        assertThat(ann.renamed(Optional.empty(), T0.plusSeconds(5)).updatedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void signing_in_keeps_the_latest_time_and_leaves_updated_at_alone() {
        User in = ann.loggedIn(T0.plusSeconds(10)).loggedIn(T0.plusSeconds(5));

        assertThat(in.lastLogin()).contains(T0.plusSeconds(10));
        assertThat(in.updatedAt()).isEqualTo(T0);
    }

    @Test
    void a_deactivated_user_is_inactive_with_the_rest_kept() {
        User gone = ann.renamed(Optional.of(new UserName("Ann")), T0.plusSeconds(1)).deactivated(T0.plusSeconds(2));

        assertThat(gone.active()).isFalse();
        assertThat(gone.name()).contains(new UserName("Ann"));
        assertThat(gone.updatedAt()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void a_new_password_starts_the_next_session_epoch_and_nothing_else_does() {
        assertThat(ann.sessionEpoch()).isZero();
        User changed = ann.withPasswordHash("other", T0.plusSeconds(1));
        User after = changed.renamed(Optional.of(new UserName("Ann")), T0.plusSeconds(2)).loggedIn(T0.plusSeconds(3));

        assertThat(changed.sessionEpoch()).isEqualTo(1);
        assertThat(after.sessionEpoch()).as("renaming and signing in keep the sessions").isEqualTo(1);
        assertThat(after.withPasswordHash("third", T0.plusSeconds(4)).sessionEpoch()).isEqualTo(2);
        assertThat(after.deactivated(T0.plusSeconds(5)).sessionEpoch()).isEqualTo(1);
    }
}
