package com.llatria.adapters.platforms;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformHttpTest {
    @Test
    void platform_text_loses_control_characters_and_broken_surrogates_and_is_cut() {
        assertThat(PlatformHttp.cleanText("ann\u0000\u001b[31m\nred\ud800 \ud83d\ude00", 200)).contains("ann [31m red \ud83d\ude00");
        assertThat(PlatformHttp.cleanText("\u0000\u0001 ", 200)).isEmpty();
        assertThat(PlatformHttp.cleanText("x".repeat(900), 100).orElseThrow()).hasSize(100).endsWith("…");
    }

    @Test
    void a_malformed_address_fails_without_repeating_the_query_that_may_hold_secrets() {
        assertThatThrownBy(() -> PlatformHttp.uri("http://127.0.0.1:1/v20 .0", "/oauth/access_token?client_secret=TOPSECRET&code=C"))
                .hasMessageNotContaining("TOPSECRET").hasMessageContaining("malformed");
    }
}
