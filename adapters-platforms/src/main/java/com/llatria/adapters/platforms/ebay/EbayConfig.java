package com.llatria.adapters.platforms.ebay;

import java.util.List;
import java.util.Objects;

/**
 * The app's eBay keys and where eBay lives. {@code appId}/{@code certId} are the OAuth client id
 * and secret; {@code ruName} is the redirect name registered with eBay, which points at our
 * callback. The URLs default by environment and are settings so tests can use a fake eBay.
 */
public record EbayConfig(String appId, String certId, String devId, String ruName, String apiUrl, String authUrl,
                         String identityUrl, String listingUrlBase, String marketplaceId) {
    /** Listing, business policies, reading the seller's orders (to learn of sales), and the account's user name. */
    public static final List<String> SCOPES = List.of(
            "https://api.ebay.com/oauth/api_scope",
            "https://api.ebay.com/oauth/api_scope/sell.inventory",
            "https://api.ebay.com/oauth/api_scope/sell.account",
            "https://api.ebay.com/oauth/api_scope/sell.fulfillment.readonly",
            "https://api.ebay.com/oauth/api_scope/commerce.identity.readonly");

    public EbayConfig {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(certId, "certId");
        Objects.requireNonNull(ruName, "ruName");
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(authUrl, "authUrl");
        Objects.requireNonNull(identityUrl, "identityUrl");
        Objects.requireNonNull(listingUrlBase, "listingUrlBase");
        Objects.requireNonNull(marketplaceId, "marketplaceId");
    }

    /** The real eBay for {@code environment} ("production" or "sandbox"), with any URL overridden when given. */
    public static EbayConfig of(String appId, String certId, String devId, String ruName, String environment,
                                String apiUrl, String authUrl) {
        return of(appId, certId, devId, ruName, environment, apiUrl, authUrl, null);
    }

    /**
     * The same, with the Identity API's address: eBay serves it from its own host
     * ({@code apiz.ebay.com}); when only {@code apiUrl} is overridden (a fake eBay, a proxy) it
     * follows that.
     */
    public static EbayConfig of(String appId, String certId, String devId, String ruName, String environment,
                                String apiUrl, String authUrl, String identityUrl) {
        boolean sandbox = switch (environment == null ? "production" : environment) {
            case "sandbox" -> true;
            case "production" -> false;
            default -> throw new IllegalArgumentException("EBAY_ENVIRONMENT must be sandbox or production, not '" + environment + "'");
        };
        return new EbayConfig(appId, certId, devId == null ? "" : devId, ruName,
                apiUrl != null ? apiUrl : sandbox ? "https://api.sandbox.ebay.com" : "https://api.ebay.com",
                authUrl != null ? authUrl : sandbox ? "https://auth.sandbox.ebay.com" : "https://auth.ebay.com",
                identityUrl != null ? identityUrl : apiUrl != null ? apiUrl
                        : sandbox ? "https://apiz.sandbox.ebay.com" : "https://apiz.ebay.com",
                sandbox ? "https://sandbox.ebay.com/itm/" : "https://www.ebay.com/itm/", "EBAY_US");
    }

    @Override
    public String toString() {
        return "EbayConfig[appId=" + appId + ", apiUrl=" + apiUrl + ", authUrl=" + authUrl + ", identityUrl=" + identityUrl + "]";
    }
}
