package com.llatria.bootstrap;

import java.util.Map;
import java.util.Optional;

/**
 * The marketplace settings, by the design's names. eBay is on when EBAY_APP_ID, EBAY_CERT_ID and
 * EBAY_RU_NAME are set; Facebook when FACEBOOK_APP_ID and FACEBOOK_APP_SECRET are. The base URLs
 * default to the real services (tests point them at fakes). CREDENTIALS_ENCRYPTION_KEY (base64
 * of 32 bytes) seals stored tokens; without it a key is generated into the data folder.
 * CREDENTIALS_ENCRYPTION_PREVIOUS_KEYS (comma-separated) still opens values sealed before a rotation.
 * SALES_CHECK_SECONDS: how often each connected eBay account is asked for its new orders.
 */
public record PlatformSettings(Optional<Ebay> ebay, Optional<Facebook> facebook, Optional<String> credentialsKey,
                               Optional<String> previousCredentialsKeys, int postingConcurrency, int salesCheckSeconds) {

    public record Ebay(String appId, String certId, String devId, String ruName, String environment,
                       Optional<String> apiUrl, Optional<String> authUrl, Optional<String> identityUrl) {
        @Override
        public String toString() {
            return "Ebay[appId=" + appId + ", environment=" + environment + "]";
        }
    }

    public record Facebook(String appId, String appSecret, Optional<String> graphUrl, Optional<String> redirectUri) {
        @Override
        public String toString() {
            return "Facebook[appId=" + appId + "]";
        }
    }

    public static PlatformSettings none() {
        return new PlatformSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 8, 120);
    }

    public static PlatformSettings fromEnvironment(Map<String, String> env) {
        Optional<Ebay> ebay = Optional.empty();
        Optional<String> appId = get(env, "EBAY_APP_ID");
        if (appId.isPresent()) {
            String environment = get(env, "EBAY_ENVIRONMENT").orElse("production");
            if (!environment.equals("production") && !environment.equals("sandbox")) {
                throw new IllegalArgumentException("EBAY_ENVIRONMENT must be sandbox or production, not '" + environment + "'");
            }
            ebay = Optional.of(new Ebay(appId.get(), require(env, "EBAY_CERT_ID", "EBAY_APP_ID"), get(env, "EBAY_DEV_ID").orElse(""),
                    require(env, "EBAY_RU_NAME", "EBAY_APP_ID"), environment, url(env, "EBAY_API_URL"), url(env, "EBAY_AUTH_URL"),
                    url(env, "EBAY_IDENTITY_URL")));
        }
        Optional<Facebook> facebook = Optional.empty();
        Optional<String> fbId = get(env, "FACEBOOK_APP_ID");
        if (fbId.isPresent()) {
            facebook = Optional.of(new Facebook(fbId.get(), require(env, "FACEBOOK_APP_SECRET", "FACEBOOK_APP_ID"),
                    url(env, "META_GRAPH_URL"), url(env, "FACEBOOK_REDIRECT_URI")));
        }
        int concurrency = number(env, "POSTING_CONCURRENCY", 1, 64, 8);
        int salesCheck = number(env, "SALES_CHECK_SECONDS", 1, 86_400, 120);
        return new PlatformSettings(ebay, facebook, get(env, "CREDENTIALS_ENCRYPTION_KEY"),
                get(env, "CREDENTIALS_ENCRYPTION_PREVIOUS_KEYS"), concurrency, salesCheck);
    }

    private static int number(Map<String, String> env, String name, int min, int max, int otherwise) {
        return get(env, name).map(v -> {
            try {
                int n = Integer.parseInt(v);
                if (n < min || n > max) throw new NumberFormatException();
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", not '" + v + "'");
            }
        }).orElse(otherwise);
    }

    private static Optional<String> get(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static String require(Map<String, String> env, String name, String because) {
        return get(env, name).orElseThrow(() -> new IllegalArgumentException(because + " is set, so " + name + " is required"));
    }

    private static Optional<String> url(Map<String, String> env, String name) {
        Optional<String> url = get(env, name);
        url.ifPresent(u -> {
            // Checked whole now: a URL that only fails when first used fails inside a request or a
            // job, and the exception's message would carry the query (Meta puts secrets there).
            java.net.URI parsed;
            try {
                parsed = new java.net.URI(u);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException(name + " is not a URL: " + e.getReason() + " at index " + e.getIndex());
            }
            if (!("https".equals(parsed.getScheme()) || "http".equals(parsed.getScheme())) || parsed.getHost() == null
                    || parsed.getRawQuery() != null || parsed.getRawFragment() != null || parsed.getRawUserInfo() != null) {
                throw new IllegalArgumentException(name + " must be an http(s) URL with a host and no query, such as https://api.ebay.com");
            }
        });
        return url.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    }

    @Override
    public String toString() {
        return "PlatformSettings[ebay=" + ebay + ", facebook=" + facebook + ", credentialsKey=" + credentialsKey.map(k -> "***") + "]";
    }
}
