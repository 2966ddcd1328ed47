package com.llatria.domain.user;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordTest {
    @Test
    void a_sixty_four_character_password_is_fine() {
        assertThat(Password.problem("x".repeat(64))).isEmpty();
    }

    @Test
    void more_than_72_bytes_is_refused_rather_than_truncated() {
        assertThat(Password.problem("x".repeat(73))).get().asString().contains("72 bytes");
        // 25 three-byte characters are 75 bytes though only 25 characters.
        assertThat(Password.problem("€".repeat(25))).isPresent();
    }

    @Test
    void short_passwords_are_refused() {
        assertThat(Password.problem("1234567")).get().asString().contains("at least 8");
    }

    @Test
    void emails_are_kept_lower_case_for_case_insensitive_uniqueness() {
        assertThat(new Email("  Ann@Example.COM ").value()).isEqualTo("ann@example.com");
        assertThat(Email.problem("not-an-email")).isPresent();
    }
}
