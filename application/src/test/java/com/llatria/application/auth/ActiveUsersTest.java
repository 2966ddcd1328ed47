package com.llatria.application.auth;

import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ActiveUsersTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final ActiveUsers cache = new ActiveUsers();
    private final UserId ann = new UserId(UUID.randomUUID());

    @Test
    void an_active_user_is_looked_up_once_per_lifetime_and_an_inactive_one_every_time() {
        AtomicInteger lookUps = new AtomicInteger();
        for (int i = 0; i < 3; i++) cache.isActive(ann, NOW.plusSeconds(i), id -> lookUps.incrementAndGet() > 0);
        assertThat(lookUps).hasValue(1);
        cache.isActive(ann, NOW.plus(ActiveUsers.TTL), id -> lookUps.incrementAndGet() > 0);
        assertThat(lookUps).hasValue(2);

        UserId gone = new UserId(UUID.randomUUID());
        for (int i = 0; i < 3; i++) assertThat(cache.isActive(gone, NOW, id -> lookUps.incrementAndGet() < 0)).isFalse();
        assertThat(lookUps).hasValue(5);
    }

    @Test
    void a_check_racing_a_deactivation_cannot_put_the_user_back() {
        // The look-up read "active" just before the deactivation committed, and returns after it.
        boolean answer = cache.isActive(ann, NOW, id -> {
            cache.deactivated(id);
            return true;
        });
        assertThat(answer).isTrue();

        assertThat(cache.isActive(ann, NOW, id -> false)).as("asks again instead of trusting a stale yes").isFalse();
    }

    @Test
    void more_users_than_the_bound_are_still_answered_correctly() {
        int users = ActiveUsers.MAX_ENTRIES + 100;
        UserId[] ids = new UserId[users];
        for (int i = 0; i < users; i++) ids[i] = new UserId(new UUID(0, i));
        for (int round = 0; round < 2; round++) {
            for (UserId id : ids) {
                assertThat(cache.isActive(id, NOW, x -> true)).isTrue();
                assertThat(cache.size()).isLessThanOrEqualTo(ActiveUsers.MAX_ENTRIES);
            }
        }
        assertThat(cache.isActive(ann, NOW, id -> false)).isFalse();
    }
}
