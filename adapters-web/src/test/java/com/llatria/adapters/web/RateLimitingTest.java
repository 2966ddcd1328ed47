package com.llatria.adapters.web;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which client a request is counted against (the HTTP behaviour is in bootstrap's RateLimitTest). */
class RateLimitingTest {
    private final RateLimiting behindProxy = new RateLimiting(null, new RateLimiting.Limits(100, 1000, List.of("10.0.0.1")), null, null);

    @Test
    void one_ipv6_subscriber_block_is_one_client_and_ipv4_addresses_stay_apart() {
        assertThat(RateLimiting.counted("2001:db8:1:2:aaaa::1", 64)).isEqualTo(RateLimiting.counted("2001:db8:1:2:ffff:1:2:3", 64))
                .isEqualTo("2001:0db8:0001:0002:0000:0000:0000:0000/64");
        assertThat(RateLimiting.counted("2001:db8:1:3::1", 64)).isNotEqualTo(RateLimiting.counted("2001:db8:1:2::1", 64));
        assertThat(RateLimiting.counted("203.0.113.7", 48)).isEqualTo("203.0.113.7");
    }

    @Test
    void a_coarser_ipv6_prefix_counts_a_whole_home_or_site_as_one_client() {
        // S.14: a home is usually given a /56 (256 networks): counted per /64 it had 256 budgets
        assertThat(RateLimiting.counted("2001:db8:1:3ff::1", 56)).isEqualTo(RateLimiting.counted("2001:db8:1:300::9", 56))
                .isEqualTo("2001:0db8:0001:0300:0000:0000:0000:0000/56");
        assertThat(RateLimiting.counted("2001:db8:1:400::1", 56)).isNotEqualTo(RateLimiting.counted("2001:db8:1:3ff::1", 56));
        assertThat(RateLimiting.counted("2001:db8:1:ffff::1", 48)).isEqualTo(RateLimiting.counted("2001:db8:1::1", 48));
        assertThat(RateLimiting.counted("2001:db8::1", 128)).isNotEqualTo(RateLimiting.counted("2001:db8::2", 128));
    }

    @Test
    void a_forwarded_address_written_with_its_port_is_the_client_not_the_proxy() {
        assertThat(behindProxy.clientAddress("10.0.0.1", Collections.enumeration(List.of("203.0.113.7:51234")))).isEqualTo("203.0.113.7");
        assertThat(behindProxy.clientAddress("10.0.0.1", Collections.enumeration(List.of("[2001:db8::7]:51234"))))
                .isEqualTo("2001:db8:0:0:0:0:0:7");
        // a client's own entries to the left are still not believed
        assertThat(behindProxy.clientAddress("10.0.0.1", Collections.enumeration(List.of("198.51.100.1, 203.0.113.7:1")))).isEqualTo("203.0.113.7");
    }

    @Test
    void signing_in_up_and_refreshing_are_counted_by_address_whatever_token_comes_with_them() {
        assertThat(RateLimiting.signsIn("/api/auth/login")).isTrue();
        assertThat(RateLimiting.signsIn("/api/auth/login/")).isTrue();
        assertThat(RateLimiting.signsIn("/api/auth/register")).isTrue();
        assertThat(RateLimiting.signsIn("/api/auth/refresh")).isTrue();
        assertThat(RateLimiting.signsIn("/api/auth/me")).isFalse();
        assertThat(RateLimiting.signsIn("/api/inventory")).isFalse();
        assertThat(RateLimiting.checksPassword("POST", "/api/auth/password")).isTrue();
        assertThat(RateLimiting.checksPassword("POST", "/api/auth/password/")).isTrue();
        assertThat(RateLimiting.checksPassword("DELETE", "/api/auth/me")).isTrue();
        assertThat(RateLimiting.checksPassword("GET", "/api/auth/me")).isFalse();
        assertThat(RateLimiting.checksPassword("PATCH", "/api/auth/me")).isFalse();
    }
}
