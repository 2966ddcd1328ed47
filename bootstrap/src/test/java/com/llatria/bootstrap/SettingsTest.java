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
        assertThat(s.rateLimits()).isEqualTo(com.llatria.adapters.web.RateLimiting.Limits.DEFAULT);
    }

    @Test
    void rate_limits_can_be_turned_off_and_trusted_proxies_must_be_addresses() {
        Settings s = Settings.fromEnvironment(Map.of("RATE_LIMIT_PER_IP", "0", "RATE_LIMIT_PER_USER", "0",
                "TRUSTED_PROXIES", "10.0.0.0/8, ::1"));
        assertThat(s.rateLimits().perAddress()).isZero();
        assertThat(s.rateLimits().perUser()).isZero();
        assertThat(s.rateLimits().trustedProxies()).containsExactly("10.0.0.0/8", "::1");
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("RATE_LIMIT_PER_IP", "-1"))).hasMessageContaining("RATE_LIMIT_PER_IP");
        assertThat(Settings.fromEnvironment(Map.of("RATE_LIMIT_IPV6_PREFIX", "56")).rateLimits().ipv6Prefix()).isEqualTo(56);
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("RATE_LIMIT_IPV6_PREFIX", "129"))).hasMessageContaining("RATE_LIMIT_IPV6_PREFIX");
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("TRUSTED_PROXIES", "proxy.example.com")))
                .hasMessageContaining("TRUSTED_PROXIES");
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("TRUSTED_PROXIES", "10.0.0.0/33")))
                .hasMessageContaining("TRUSTED_PROXIES");
    }

    @Test
    void durations_read_like_the_design_writes_them() {
        Settings s = Settings.fromEnvironment(Map.of("JWT_EXPIRES_IN", "900", "JWT_REFRESH_EXPIRES_IN", "30d"));

        assertThat(s.accessTokenLifetime()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.refreshTokenLifetime()).isEqualTo(Duration.ofDays(30));
        assertThat(Settings.fromEnvironment(Map.of("JWT_EXPIRES_IN", "2h")).accessTokenLifetime()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void a_platform_address_that_is_not_a_clean_http_url_stops_the_start() {
        Map<String, String> ebay = Map.of("EBAY_APP_ID", "a", "EBAY_CERT_ID", "c", "EBAY_RU_NAME", "r");
        for (String bad : java.util.List.of("http://exa mple", "http://", "ftp://x", "https://api.ebay.com?x=1")) {
            Map<String, String> env = new java.util.HashMap<>(ebay);
            env.put("EBAY_API_URL", bad);
            assertThatThrownBy(() -> Settings.fromEnvironment(env)).as(bad).hasMessageContaining("EBAY_API_URL");
        }
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("FACEBOOK_APP_ID", "a", "FACEBOOK_APP_SECRET", "s",
                "META_GRAPH_URL", "http://127.0.0.1:1/v20 .0"))).hasMessageContaining("META_GRAPH_URL");
    }

    @Test
    void bad_values_are_refused_with_the_variable_named() {
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("PORT", "http"))).hasMessageContaining("PORT");
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("JWT_EXPIRES_IN", "soon"))).hasMessageContaining("JWT_EXPIRES_IN");
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("BCRYPT_COST", "4"))).hasMessageContaining("BCRYPT_COST");
    }

    @Test
    void cors_origin_is_a_comma_separated_list() {
        assertThat(Settings.fromEnvironment(Map.of("CORS_ORIGIN", "https://app.llatria.com,https://mobile.llatria.com")).corsOrigins())
                .containsExactly("https://app.llatria.com", "https://mobile.llatria.com");
        assertThat(Settings.fromEnvironment(Map.of()).corsOrigins()).isEmpty();
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("CORS_ORIGIN", "https://a.example/path"))).hasMessageContaining("CORS_ORIGIN");
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("CORS_ORIGIN", "*,https://a.example"))).hasMessageContaining("CORS_ORIGIN");
    }

    @Test
    void secrets_and_urls_are_checked_before_anything_starts() {
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("JWT_SECRET", "x".repeat(31)))).hasMessageContaining("JWT_SECRET");
        assertThat(Settings.fromEnvironment(Map.of("JWT_SECRET", "x".repeat(32))).jwtSecret()).isPresent();
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("DATABASE_URL", "postgres://u:secret@")))
                .hasMessageContaining("DATABASE_URL").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("PUBLIC_BASE_URL", "example.com"))).hasMessageContaining("PUBLIC_BASE_URL");
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("DATABASE_URL", "mysql://db.example.com/llatria"))).hasMessageContaining("DATABASE_URL");
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("DATABASE_POOL_SIZE", "-3"))).hasMessageContaining("DATABASE_POOL_SIZE");
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("S3_BUCKET_NAME", "photos"))).hasMessageContaining("AWS_ACCESS_KEY_ID");
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("S3_BUCKET_NAME", "photos", "AWS_ACCESS_KEY_ID", "a",
                "AWS_SECRET_ACCESS_KEY", "b", "S3_ENDPOINT", "minio:9000"))).hasMessageContaining("S3_ENDPOINT");
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("LLATRIA_DATA_DIR", "a\u0000b"))).hasMessageContaining("LLATRIA_DATA_DIR");
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("JWT_REFRESH_EXPIRES_IN", "9999999999999d")))
                .hasMessageContaining("JWT_REFRESH_EXPIRES_IN");
    }

    @Test
    void marketplace_urls_are_parsed_whole_at_start_up_and_the_message_shows_no_query() {
        Map<String, String> ebay = Map.of("EBAY_APP_ID", "app", "EBAY_CERT_ID", "cert", "EBAY_RU_NAME", "ru");
        for (String bad : new String[]{"http://exa mple", "http://", "https://api.ebay.com?token=SECRET", "ftp://api.ebay.com"}) {
            Map<String, String> env = new java.util.HashMap<>(ebay);
            env.put("EBAY_API_URL", bad);
            assertThatThrownBy(() -> Settings.fromEnvironment(env)).as(bad).hasMessageContaining("EBAY_API_URL")
                    .hasMessageNotContaining("SECRET");
        }
        Map<String, String> meta = Map.of("FACEBOOK_APP_ID", "fb", "FACEBOOK_APP_SECRET", "TOPSECRET",
                "META_GRAPH_URL", "http://127.0.0.1:18901/v20 .0");
        assertThatThrownBy(() -> Settings.fromEnvironment(meta)).hasMessageContaining("META_GRAPH_URL").hasMessageNotContaining("TOPSECRET");
        Map<String, String> good = new java.util.HashMap<>(ebay);
        good.put("EBAY_API_URL", "http://127.0.0.1:9000/");
        assertThat(Settings.fromEnvironment(good).platforms().ebay().orElseThrow().apiUrl()).contains("http://127.0.0.1:9000");
    }

    @Test
    void a_short_jwt_secret_is_refused_at_start_up() {
        assertThatThrownBy(() -> Llatria.builder().inMemory().jwtSecret("short").build()).hasMessageContaining("JWT_SECRET");
    }
}
