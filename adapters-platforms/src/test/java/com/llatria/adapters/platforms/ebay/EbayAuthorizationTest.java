package com.llatria.adapters.platforms.ebay;

import com.llatria.adapters.platforms.PlatformHttp;
import com.llatria.adapters.platforms.fake.FakeEbay;
import com.llatria.domain.posting.GrantResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EbayAuthorizationTest {
    static FakeEbay ebay;
    static EbayAuthorization auth;

    @BeforeAll
    static void start() {
        ebay = new FakeEbay();
        auth = new EbayAuthorization(EbayConfig.of(FakeEbay.APP_ID, FakeEbay.CERT_ID, "dev", FakeEbay.RU_NAME, "production",
                ebay.url(), null), new PlatformHttp(Duration.ofSeconds(5), Duration.ofSeconds(10)));
    }

    @AfterAll
    static void stop() {
        ebay.close();
    }

    @Test
    void the_consent_url_is_eBays_authorize_page_with_the_RuName_scopes_and_state() {
        URI uri = auth.consentUrl("s-123");

        assertThat(uri.toString()).startsWith("https://auth.ebay.com/oauth2/authorize?client_id=" + FakeEbay.APP_ID)
                .contains("response_type=code").contains("redirect_uri=" + FakeEbay.RU_NAME).contains("state=s-123")
                .contains("sell.inventory").contains("+https");
    }

    @Test
    void a_new_connection_names_the_account_from_the_identity_api_and_falls_back_to_the_user_id() {
        GrantResult.Granted granted = (GrantResult.Granted) auth.exchange(ebay.consent());
        assertThat(granted.grant().account()).contains("ann_seller");
        assertThat(granted.grant().scopes()).anyMatch(s -> s.endsWith("/commerce.identity.readonly"))
                .anyMatch(s -> s.endsWith("/sell.fulfillment.readonly"));

        ebay.username(null);
        try {
            assertThat(((GrantResult.Granted) auth.exchange(ebay.consent())).grant().account()).contains("nY6zhGxFlQc");
            ebay.failNext("GET /commerce/identity/v1/user/", 500, null);
            GrantResult.Granted nameless = (GrantResult.Granted) auth.exchange(ebay.consent());
            assertThat(nameless.grant().account()).as("a failing identity call does not fail the connection").isEmpty();
        } finally {
            ebay.username("ann_seller");
        }
    }

    @Test
    void a_token_answer_eBay_could_not_have_meant_is_unavailable_not_a_connection() {
        for (String body : List.of("{\"access_token\":\"v^1\",\"expires_in\":9999999999999999,\"refresh_token\":\"r\"}",
                "{\"access_token\":\"v^1\",\"expires_in\":7200,\"refresh_token\":\"r\",\"refresh_token_expires_in\":-5}",
                "{\"access_token\":{\"a\":1},\"expires_in\":7200}", "<html>maintenance</html>")) {
            ebay.failNext("POST /identity/v1/oauth2/token", 200, body);
            assertThat(auth.exchange(ebay.consent())).as(body).isInstanceOf(GrantResult.Unavailable.class);
        }
    }

    @Test
    void a_user_name_with_control_characters_or_broken_surrogates_is_cleaned() {
        ebay.username("ann\u0000\u001b[31mred");
        try {
            GrantResult.Granted granted = (GrantResult.Granted) auth.exchange(ebay.consent());
            assertThat(granted.grant().account()).contains("ann [31mred");
        } finally {
            ebay.username("ann_seller");
        }
    }

    @Test
    void a_code_becomes_tokens_and_the_refresh_token_gives_new_access_tokens() {
        GrantResult.Granted granted = (GrantResult.Granted) auth.exchange(ebay.consent());

        assertThat(granted.grant().refreshToken()).isPresent();
        assertThat(granted.grant().accessLifetime()).isEqualTo(Duration.ofSeconds(7200));
        assertThat(granted.grant().toString()).doesNotContain(granted.grant().accessToken());
        GrantResult refreshed = auth.refresh(granted.grant().refreshToken().get(), List.of());
        assertThat(refreshed).isInstanceOf(GrantResult.Granted.class);
        assertThat(((GrantResult.Granted) refreshed).grant().accessToken()).isNotEqualTo(granted.grant().accessToken());
    }

    @Test
    void a_used_code_or_a_revoked_refresh_token_is_refused_and_a_failing_eBay_is_unavailable() {
        String code = ebay.consent();
        GrantResult.Granted granted = (GrantResult.Granted) auth.exchange(code);
        assertThat(auth.exchange(code)).isInstanceOf(GrantResult.Refused.class);

        ebay.revokeRefreshTokens();
        GrantResult refused = auth.refresh(granted.grant().refreshToken().get(), List.of());
        assertThat(refused).isInstanceOf(GrantResult.Refused.class);
        assertThat(((GrantResult.Refused) refused).message()).contains("invalid_grant");

        ebay.failNext("POST /identity/v1/oauth2/token", 503, null);
        assertThat(auth.exchange(ebay.consent())).isInstanceOf(GrantResult.Unavailable.class);
    }
}
