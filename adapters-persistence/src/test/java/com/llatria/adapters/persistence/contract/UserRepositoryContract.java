package com.llatria.adapters.persistence.contract;

import com.llatria.domain.user.Email;
import com.llatria.domain.user.User;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

public abstract class UserRepositoryContract extends PersistenceContract {
    private static final Instant NOW = Instant.parse("2026-11-01T10:00:00Z");

    private User user(String email) {
        return new User(new UserId(UUID.randomUUID()), new Email(email), "$2a$10$abc", NOW);
    }

    @Test
    void a_stored_user_is_found_by_id_and_by_email() {
        User ann = user("ann@example.com");
        assertThat(persistence.users().insert(ann)).isTrue();

        assertThat(persistence.users().find(ann.id())).contains(ann);
        assertThat(persistence.users().findByEmail(new Email("ANN@example.com"))).contains(ann);
        assertThat(persistence.users().find(new UserId(UUID.randomUUID()))).isEmpty();
    }

    @Test
    void a_second_user_with_the_same_email_in_any_case_is_refused() {
        persistence.users().insert(user("ann@example.com"));
        User impostor = user("Ann@Example.com");

        assertThat(persistence.users().insert(impostor)).isFalse();
        assertThat(persistence.users().find(impostor.id())).isEmpty();
    }

    @Test
    void an_update_changes_the_password_hash() {
        User ann = user("ann@example.com");
        persistence.users().insert(ann);

        persistence.users().update(ann.withPasswordHash("$2a$10$new"));

        assertThat(persistence.users().find(ann.id()).orElseThrow().passwordHash()).isEqualTo("$2a$10$new");
    }
}
