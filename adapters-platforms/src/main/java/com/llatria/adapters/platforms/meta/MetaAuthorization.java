package com.llatria.adapters.platforms.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.llatria.adapters.platforms.PlatformHttp;
import com.llatria.domain.port.PlatformAuthorization;
import com.llatria.domain.posting.GrantResult;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.TokenGrant;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Facebook Login: the code becomes a short-lived token, which becomes a long-lived one (~60
 * days). Meta gives no refresh token, so renewal means the seller connects again.
 */
public final class MetaAuthorization implements PlatformAuthorization {
    private final MetaConfig config;
    private final PlatformHttp http;

    public MetaAuthorization(MetaConfig config, PlatformHttp http) {
        this.config = config;
        this.http = http;
    }

    @Override
    public Platform platform() {
        return Platform.FACEBOOK;
    }

    @Override
    public URI consentUrl(String state) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", config.appId());
        query.put("redirect_uri", config.redirectUri());
        query.put("state", state);
        query.put("scope", String.join(",", MetaConfig.SCOPES));
        return URI.create(config.dialogUrl() + "?" + PlatformHttp.form(query));
    }

    @Override
    public GrantResult exchange(String code) {
        Map<String, String> shortQuery = new LinkedHashMap<>();
        shortQuery.put("client_id", config.appId());
        shortQuery.put("redirect_uri", config.redirectUri());
        shortQuery.put("client_secret", config.appSecret());
        shortQuery.put("code", code);
        GrantResult first = get("/oauth/access_token?" + PlatformHttp.form(shortQuery));
        if (!(first instanceof GrantResult.Granted shortLived)) return first;

        Map<String, String> longQuery = new LinkedHashMap<>();
        longQuery.put("grant_type", "fb_exchange_token");
        longQuery.put("client_id", config.appId());
        longQuery.put("client_secret", config.appSecret());
        longQuery.put("fb_exchange_token", shortLived.grant().accessToken());
        GrantResult second = get("/oauth/access_token?" + PlatformHttp.form(longQuery));
        if (!(second instanceof GrantResult.Granted longLived)) return second;
        TokenGrant grant = longLived.grant();
        return new GrantResult.Granted(new TokenGrant(grant.accessToken(), grant.accessLifetime(), Optional.empty(),
                Optional.empty(), MetaConfig.SCOPES, accountName(grant.accessToken())));
    }

    @Override
    public GrantResult refresh(String refreshToken, List<String> scopes) {
        return new GrantResult.Refused("Facebook connections cannot be renewed without you; connect Facebook again");
    }

    private GrantResult get(String pathAndQuery) {
        PlatformHttp.Response response;
        try {
            response = http.send(HttpRequest.newBuilder(PlatformHttp.uri(config.graphUrl(), pathAndQuery)).GET());
        } catch (PlatformHttp.Unreachable e) {
            return new GrantResult.Unavailable("Facebook " + e.getMessage());
        }
        JsonNode body = response.body();
        if (response.ok()) {
            Optional<String> bad = PlatformHttp.badGrant(body, false);
            if (bad.isPresent()) return new GrantResult.Unavailable("Facebook's sign-in answered something we cannot use (" + bad.get() + ")");
            return new GrantResult.Granted(new TokenGrant(body.get("access_token").asText(),
                    Duration.ofSeconds(body.path("expires_in").asLong(3600)), Optional.empty(), Optional.empty(),
                    MetaConfig.SCOPES, Optional.empty()));
        }
        if (response.status() >= 500) return new GrantResult.Unavailable("Facebook's sign-in failed (HTTP " + response.status() + ")");
        return new GrantResult.Refused("Facebook refused the sign-in: "
                + PlatformHttp.cleanText(body.path("error").path("message").asText(""), 500).orElse("HTTP " + response.status()));
    }

    private Optional<String> accountName(String token) {
        try {
            PlatformHttp.Response me = http.send(HttpRequest.newBuilder(PlatformHttp.uri(config.graphUrl(), "/me?fields=id,name"))
                    .header("Authorization", "Bearer " + token).GET());
            return me.ok() ? PlatformHttp.cleanText(me.body().path("name").asText(""), 200) : Optional.empty();
        } catch (PlatformHttp.Unreachable e) {
            return Optional.empty(); // a name is nice to show, not worth failing the connection for
        }
    }
}
