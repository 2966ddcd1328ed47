package com.llatria.adapters.platforms.meta;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The app's Meta keys and addresses. {@code graphUrl} includes the API version
 * (https://graph.facebook.com/v20.0); {@code redirectUri} is our callback as registered with
 * the app. A catalog batch is polled every {@code pollInterval}, at most {@code maxPolls} times.
 */
public record MetaConfig(String appId, String appSecret, String graphUrl, String dialogUrl, String redirectUri,
                         Duration pollInterval, int maxPolls) {
    public static final String GRAPH_URL = "https://graph.facebook.com/v20.0";
    public static final String DIALOG_URL = "https://www.facebook.com/v20.0/dialog/oauth";
    public static final List<String> SCOPES = List.of("catalog_management", "business_management");

    public MetaConfig {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(appSecret, "appSecret");
        Objects.requireNonNull(graphUrl, "graphUrl");
        Objects.requireNonNull(dialogUrl, "dialogUrl");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (maxPolls < 1) throw new IllegalArgumentException("maxPolls must be at least 1");
    }

    public static MetaConfig of(String appId, String appSecret, String graphUrl, String redirectUri) {
        return new MetaConfig(appId, appSecret, graphUrl == null ? GRAPH_URL : graphUrl, DIALOG_URL, redirectUri,
                Duration.ofSeconds(2), 10);
    }

    public MetaConfig withPolling(Duration interval, int polls) {
        return new MetaConfig(appId, appSecret, graphUrl, dialogUrl, redirectUri, interval, polls);
    }

    @Override
    public String toString() {
        return "MetaConfig[appId=" + appId + ", graphUrl=" + graphUrl + "]";
    }
}
