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
    void a_password_over_72_bytes_never_matches_even_when_its_first_72_bytes_do() {
        String exactly72 = "x".repeat(72);
        String hash = hasher.hash(exactly72);

        assertThat(hasher.matches(exactly72, hash)).isTrue();
        assertThat(hasher.matches(exactly72 + "y", hash)).isFalse();
        assertThat(hasher.matches("é".repeat(40), hash)).as("80 bytes in UTF-8").isFalse();
    }

    @Test
    void refusing_an_over_long_password_costs_a_full_bcrypt_comparison() {
        // Work done, not wall time: a wrong password and an over-long one both run bcrypt once.
        String hash = hasher.hash("correct horse");
        long wrong = median(() -> hasher.matches("wrong horse", hash));
        long tooLong = median(() -> hasher.matches("w".repeat(500), hash));

        assertThat(tooLong).as("an over-long password is not refused early").isGreaterThan(wrong / 20);
    }

    private static long median(Runnable check) {
        long[] times = new long[5];
        for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            check.run();
            times[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(times);
        return times[times.length / 2];
    }

    @Test
    void a_cost_below_ten_is_refused() {
        assertThatThrownBy(() -> new BcryptPasswordHasher(9)).isInstanceOf(IllegalArgumentException.class);
    }
}
