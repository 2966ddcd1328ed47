package com.llatria.domain.user;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmailTest {
    @Test
    void an_email_is_kept_trimmed_and_lower_case() {
        assertThat(new Email("  Ann@Example.COM ").value()).isEqualTo("ann@example.com");
    }

    @Test
    void control_characters_nul_included_are_not_part_of_any_email() {
        assertThat(Email.problem("a\u0000b@example.com")).contains("is not an email address");
        assertThat(Email.problem("ann@exa\u0007mple.com")).contains("is not an email address");
        assertThat(Email.problem("ann@example.com")).isEmpty();
    }
}
