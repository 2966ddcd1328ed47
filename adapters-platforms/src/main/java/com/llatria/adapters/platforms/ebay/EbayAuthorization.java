package com.llatria.adapters.platforms.ebay;

import com.fasterxml.jackson.databind.JsonNode;
import com.llatria.adapters.platforms.PlatformHttp;
import com.llatria.domain.port.PlatformAuthorization;
import com.llatria.domain.posting.GrantResult;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.TokenGrant;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** eBay's OAuth: the authorization code grant and refresh, against /identity/v1/oauth2/token. */
public final class EbayAuthorization implements PlatformAuthorization {
    private final EbayConfig config;
    private final PlatformHttp http;

    public EbayAuthorization(EbayConfig config, PlatformHttp http) {
        this.config = config;
        this.http = http;
    }

    @Override
    public Platform platform() {
        return Platform.EBAY;
    }

    @Override
    public URI consentUrl(String state) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", config.appId());
        query.put("response_type", "code");
        query.put("redirect_uri", config.ruName());
        query.put("scope", String.join(" ", EbayConfig.SCOPES));
        query.put("state", state);
        return PlatformHttp.uri(config.authUrl(), "/oauth2/authorize?" + PlatformHttp.form(query));
    }

    @Override
    public GrantResult exchange(String code) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("code", code);
        body.put("redirect_uri", config.ruName());
        return token(body, EbayConfig.SCOPES);
    }

    @Override
    public GrantResult refresh(String refreshToken, List<String> scopes) {
        // Built by hand: the official client once dropped the '&' before scope.
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "refresh_token");
        body.put("refresh_token", refreshToken);
        body.put("scope", String.join(" ", scopes.isEmpty() ? EbayConfig.SCOPES : scopes));
        return token(body, scopes.isEmpty() ? EbayConfig.SCOPES : scopes);
    }

    /**
     * The account's eBay user name from the Identity API ({@code GET /commerce/identity/v1/user/},
     * scope commerce.identity.readonly), or its user id when eBay withholds the name.
     */
    private Optional<String> accountName(String accessToken) {
        try {
            PlatformHttp.Response me = http.send(HttpRequest.newBuilder(PlatformHttp.uri(config.identityUrl(), "/commerce/identity/v1/user/"))
                    .header("Authorization", "Bearer " + accessToken).header("Accept", "application/json").GET());
            if (!me.ok()) return Optional.empty();
            Optional<String> name = PlatformHttp.cleanText(me.body().path("username").asText(""), 200);
            return name.or(() -> PlatformHttp.cleanText(me.body().path("userId").asText(""), 200));
        } catch (PlatformHttp.Unreachable e) {
            return Optional.empty(); // a name is nice to show, not worth failing the connection for
        }
    }

    private GrantResult token(Map<String, String> form, List<String> scopes) {
        String basic = Base64.getEncoder().encodeToString((config.appId() + ":" + config.certId()).getBytes(StandardCharsets.UTF_8));
        PlatformHttp.Response response;
        try {
            response = http.send(HttpRequest.newBuilder(PlatformHttp.uri(config.apiUrl(), "/identity/v1/oauth2/token"))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(PlatformHttp.form(form))));
        } catch (PlatformHttp.Unreachable e) {
            return new GrantResult.Unavailable("eBay " + e.getMessage());
        }
        JsonNode body = response.body();
        if (response.ok()) {
            Optional<String> bad = PlatformHttp.badGrant(body, true);
            if (bad.isPresent()) return new GrantResult.Unavailable("eBay's sign-in answered something we cannot use (" + bad.get() + ")");
            String accessToken = body.get("access_token").asText();
            // Only a new connection asks who the account is; a refresh keeps the name it has.
            Optional<String> account = "authorization_code".equals(form.get("grant_type")) ? accountName(accessToken) : Optional.empty();
            return new GrantResult.Granted(new TokenGrant(accessToken,
                    Duration.ofSeconds(body.path("expires_in").asLong(7200)),
                    Optional.ofNullable(body.get("refresh_token")).map(JsonNode::asText),
                    Optional.ofNullable(body.get("refresh_token_expires_in")).map(n -> Duration.ofSeconds(n.asLong())),
                    scopes, account));
        }
        if (response.status() >= 500 || response.status() == 429) {
            return new GrantResult.Unavailable("eBay's sign-in service failed (HTTP " + response.status() + ")");
        }
        String error = body.path("error").asText("");
        String description = body.path("error_description").asText("");
        if ("invalid_client".equals(error)) {
            return new GrantResult.Refused("eBay does not accept this server's app keys (EBAY_APP_ID / EBAY_CERT_ID)");
        }
        return new GrantResult.Refused("eBay refused the authorization" + (description.isEmpty() ? "" : ": " + description)
                + (error.isEmpty() ? "" : " (" + error + ")"));
    }
}
