package com.llatria.adapters.crypto.bcrypt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BcryptPasswordHasherTest {
    private final BcryptPasswordHasher hasher = new BcryptPasswordHasher(10);

    @Test
    void a_hash_carries_its_cost_and_a_salt_and_matches_only_its_password() {
        String first = hasher.hash("correct horse");
        String second = hasher.hash("correct horse");

        assertThat(first).startsWith("$2a$10$").hasSize(60);
        assertThat(first).isNotEqualTo(second);
        assertThat(hasher.matches("correct horse", first)).isTrue();
        assertThat(hasher.matches("correct horsE", first)).isFalse();
    }

    @Test
    void a_64_character_password_is_checked_in_full() {
        String password = "a".repeat(63) + "b";
        String hash = hasher.hash(password);

        assertThat(hasher.matches(password, hash)).isTrue();
        assertThat(hasher.matches("a".repeat(64), hash)).isFalse();
    }

    @Test
    void a_cost_below_ten_is_refused() {
        assertThatThrownBy(() -> new BcryptPasswordHasher(9)).isInstanceOf(IllegalArgumentException.class);
    }
}
