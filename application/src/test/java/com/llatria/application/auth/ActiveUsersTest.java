package com.llatria.application.auth;

import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ActiveUsersTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final OptionalLong ACTIVE = OptionalLong.of(0);
    private static final OptionalLong GONE = OptionalLong.empty();
    private final ActiveUsers cache = new ActiveUsers();
    private final UserId ann = new UserId(UUID.randomUUID());

    @Test
    void a_user_active_or_not_is_looked_up_once_per_lifetime() {
        AtomicInteger lookUps = new AtomicInteger();
        for (int i = 0; i < 3; i++) cache.epoch(ann, NOW.plusSeconds(i), id -> count(lookUps, ACTIVE));
        assertThat(lookUps).hasValue(1);
        cache.epoch(ann, NOW.plus(ActiveUsers.TTL), id -> count(lookUps, ACTIVE));
        assertThat(lookUps).hasValue(2);

        UserId gone = new UserId(UUID.randomUUID());
        for (int i = 0; i < 3; i++) assertThat(cache.epoch(gone, NOW, id -> count(lookUps, GONE))).isEmpty();
        assertThat(lookUps).hasValue(3);
    }

    /** Finding S.24: deactivated accounts were kept for good; past the bound every miss emptied the cache. */
    @Test
    void many_deactivated_accounts_do_not_keep_the_active_ones_out_of_the_cache() {
        for (int i = 0; i < ActiveUsers.MAX_ENTRIES + 10; i++) cache.deactivated(new UserId(new UUID(1, i)), NOW);
        UserId bob = new UserId(UUID.randomUUID());
        AtomicInteger lookUps = new AtomicInteger();
        Instant later = NOW.plus(ActiveUsers.TTL);
        for (int i = 0; i < 3; i++) {
            assertThat(cache.epoch(ann, later, id -> count(lookUps, ACTIVE))).hasValue(0);
            assertThat(cache.epoch(bob, later, id -> count(lookUps, ACTIVE))).hasValue(0);
        }
        assertThat(lookUps).as("once each").hasValue(2);
        assertThat(cache.size()).isLessThanOrEqualTo(ActiveUsers.MAX_ENTRIES);
    }

    @Test
    void a_check_racing_a_deactivation_cannot_put_the_user_back() {
        // The look-up read "active" just before the deactivation committed, and returns after it.
        OptionalLong answer = cache.epoch(ann, NOW, id -> {
            cache.deactivated(id, NOW);
            return ACTIVE;
        });
        assertThat(answer).as("the deactivation wins").isEmpty();

        assertThat(cache.epoch(ann, NOW, id -> ACTIVE)).as("and stays, not a stale yes").isEmpty();
    }

    @Test
    void a_raised_epoch_applies_at_once_without_a_look_up() {
        cache.epoch(ann, NOW, id -> OptionalLong.of(2));

        cache.raise(ann, 3, NOW);

        assertThat(cache.epoch(ann, NOW.plusSeconds(1), id -> {
            throw new AssertionError("still cached: no look-up");
        })).hasValue(3);
        cache.raise(ann, 1, NOW);
        assertThat(cache.epoch(ann, NOW.plusSeconds(1), id -> OptionalLong.of(1))).as("a raise never lowers it").hasValue(3);
    }

    @Test
    void a_check_racing_a_password_change_cannot_bring_the_old_epoch_back() {
        // The look-up read epoch 0 just before the change committed; the change's raise came first.
        OptionalLong answer = cache.epoch(ann, NOW, id -> {
            cache.raise(id, 1, NOW);
            return OptionalLong.of(0);
        });

        assertThat(answer).hasValue(1);
        assertThat(cache.epoch(ann, NOW.plusSeconds(1), id -> OptionalLong.of(0))).hasValue(1);
    }

    @Test
    void once_an_entry_runs_out_the_databases_epoch_is_taken_even_a_lower_one() {
        cache.epoch(ann, NOW, id -> OptionalLong.of(1));
        cache.raise(ann, 3, NOW);

        assertThat(cache.epoch(ann, NOW.plus(ActiveUsers.TTL), id -> OptionalLong.of(0))).as("restored database").hasValue(0);
    }

    @Test
    void an_epoch_raised_for_a_user_not_cached_is_kept_and_the_database_read_next_time() {
        AtomicInteger lookUps = new AtomicInteger();
        cache.raise(ann, 4, NOW);

        assertThat(cache.epoch(ann, NOW, id -> count(lookUps, OptionalLong.of(4)))).hasValue(4);
        assertThat(lookUps).as("read once: a raise alone does not say the account is active").hasValue(1);
        UserId bob = new UserId(UUID.randomUUID());
        cache.raise(bob, 2, NOW);
        assertThat(cache.epoch(bob, NOW, id -> GONE)).as("deactivated meanwhile").isEmpty();
    }

    @Test
    void a_deactivated_user_stays_deactivated_whatever_epoch_is_raised() {
        cache.deactivated(ann, NOW);
        cache.raise(ann, 5, NOW);

        assertThat(cache.epoch(ann, NOW, id -> GONE)).isEmpty();
    }

    @Test
    void more_users_than_the_bound_are_still_answered_correctly() {
        int users = ActiveUsers.MAX_ENTRIES + 100;
        UserId[] ids = new UserId[users];
        for (int i = 0; i < users; i++) ids[i] = new UserId(new UUID(0, i));
        for (int round = 0; round < 2; round++) {
            for (UserId id : ids) {
                assertThat(cache.epoch(id, NOW, x -> ACTIVE)).hasValue(0);
                assertThat(cache.size()).isLessThanOrEqualTo(ActiveUsers.MAX_ENTRIES);
            }
        }
        assertThat(cache.epoch(ann, NOW, id -> GONE)).isEmpty();
    }

    private static OptionalLong count(AtomicInteger lookUps, OptionalLong answer) {
        lookUps.incrementAndGet();
        return answer;
    }
}
