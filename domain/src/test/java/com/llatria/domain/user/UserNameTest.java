package com.llatria.domain.user;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserNameTest {
    @Test
    void a_name_is_trimmed_and_up_to_255_characters_counted_as_people_count_them() {
        assertThat(new UserName("  Ann  ").value()).isEqualTo("Ann");
        assertThat(UserName.problem("🙂".repeat(255))).as("255 emoji are 510 UTF-16 units").isEmpty();
        assertThat(UserName.problem("a".repeat(256))).contains("must be at most 255 characters");
    }

    @Test
    void blank_and_control_characters_are_refused() {
        assertThat(UserName.problem(" \t ")).contains("must not be blank");
        assertThat(UserName.problem("Ann\u0000")).contains("must not contain control characters");
        assertThat(UserName.problem("Ann\nSmith")).contains("must not contain control characters");
        assertThatThrownBy(() -> new UserName("")).isInstanceOf(IllegalArgumentException.class);
    }
}
