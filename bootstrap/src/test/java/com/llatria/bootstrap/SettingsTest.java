package com.llatria.bootstrap;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {
    @Test
    void defaults_need_no_environment_at_all() {
        Settings s = Settings.fromEnvironment(Map.of());

        assertThat(s.port()).isEqualTo(3000);
        assertThat(s.databaseUrl()).isEmpty();
        assertThat(s.jwtSecret()).isEmpty();
        assertThat(s.accessTokenLifetime()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.refreshTokenLifetime()).isEqualTo(Duration.ofDays(7));
        assertThat(s.dataDir()).isEqualTo(Path.of("data"));
        assertThat(s.bcryptCost()).isEqualTo(10);
    }

    @Test
    void durations_read_like_the_design_writes_them() {
        Settings s = Settings.fromEnvironment(Map.of("JWT_EXPIRES_IN", "900", "JWT_REFRESH_EXPIRES_IN", "30d"));

        assertThat(s.accessTokenLifetime()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.refreshTokenLifetime()).isEqualTo(Duration.ofDays(30));
        assertThat(Settings.fromEnvironment(Map.of("JWT_EXPIRES_IN", "2h")).accessTokenLifetime()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void bad_values_are_refused_with_the_variable_named() {
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("PORT", "http"))).hasMessageContaining("PORT");
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("JWT_EXPIRES_IN", "soon"))).hasMessageContaining("JWT_EXPIRES_IN");
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("BCRYPT_COST", "4"))).hasMessageContaining("BCRYPT_COST");
    }

    @Test
    void a_short_jwt_secret_is_refused_at_start_up() {
        assertThatThrownBy(() -> Llatria.builder().inMemory().jwtSecret("short").build()).hasMessageContaining("JWT_SECRET");
    }
}
