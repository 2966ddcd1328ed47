package com.llatria.adapters.platforms.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.llatria.adapters.platforms.PlatformHttp;
import com.llatria.domain.item.Condition;
import com.llatria.domain.port.ListingPublisher;
import com.llatria.domain.posting.Listing;
import com.llatria.domain.posting.ListingOutcome;
import com.llatria.domain.posting.PostingProblem;
import com.llatria.domain.posting.ListingOutcome.Failure;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformAccess;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts items in the seller's Meta commerce catalog (Facebook and Instagram Shops) with the Graph
 * API's items_batch, then polls the batch until it finishes. The catalog keys items by our SKU,
 * so repeating a publish updates the same item. Marketplace itself is the assisted flow,
 * handled by the application, not here.
 */
public final class MetaCatalogPublisher implements ListingPublisher {
    public static final String CATALOG_SETTING = "catalogId";
    /** The seller's shop: a catalog product must link to the item's page on the seller's own site. */
    public static final String STOREFRONT_SETTING = "storefrontUrl";

    private final MetaConfig config;
    private final PlatformHttp http;

    public MetaCatalogPublisher(MetaConfig config, PlatformHttp http) {
        this.config = config;
        this.http = http;
    }

    @Override
    public Platform platform() {
        return Platform.FACEBOOK;
    }

    public static String condition(Condition condition) {
        return switch (condition) {
            case NEW -> "new";
            case LIKE_NEW -> "used_like_new";
            case USED -> "used_good";
            case FAIR, POOR -> "used_fair";
        };
    }

    @Override
    public ListingOutcome publish(PlatformAccess access, Listing listing, Optional<String> externalRef) {
        String catalog = externalRef.filter(c -> c.matches("[0-9]{1,30}")).orElse(access.settings().getOrDefault(CATALOG_SETTING, ""));
        if (catalog.isBlank()) {
            return ListingOutcome.Failed.of(PostingProblem.MISSING_SETTINGS, Failure.PERMANENT, "Facebook needs your catalog id (catalogId) to list items; "
                    + "save it with POST /api/platforms/credentials");
        }
        String storefront = access.settings().getOrDefault(STOREFRONT_SETTING, "");
        if (!storefront.startsWith("https://")) {
            return ListingOutcome.Failed.of(PostingProblem.MISSING_SETTINGS, Failure.PERMANENT, "Facebook's catalog needs a link to the item on your own website: "
                    + "save your shop's address as storefrontUrl (https://..., {sku} stands for the item's SKU) with "
                    + "POST /api/platforms/credentials, or post to Facebook Marketplace with mode \"assisted\"");
        }
        Optional<String> notPublic = listing.photoUrls().stream().filter(u -> !u.startsWith("https://")).findFirst();
        if (listing.photoUrls().isEmpty() || notPublic.isPresent()) {
            return ListingOutcome.Failed.of(PostingProblem.PHOTOS_NOT_PUBLIC, Failure.PERMANENT, "Facebook needs at least one photo at a public HTTPS address; "
                    + "keep photos in S3 or set PUBLIC_BASE_URL to this server's public https address, then post again");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", listing.sku());
        data.put("title", Listing.cutTitle(listing.title(), 150));
        data.put("description", listing.description().isBlank() ? listing.title() : listing.description());
        data.put("availability", "in stock");
        data.put("condition", listing.condition().map(MetaCatalogPublisher::condition).orElse("used"));
        data.put("price", listing.price().amount().toPlainString() + " " + listing.price().currency().getCurrencyCode());
        data.put("link", link(storefront, listing.sku()));
        data.put("image_link", listing.photoUrls().get(0));
        if (listing.photoUrls().size() > 1) data.put("additional_image_link", listing.photoUrls().subList(1, listing.photoUrls().size()));
        data.put("brand", access.settings().getOrDefault("brand", "Unbranded"));
        BatchResult result = batch(access, catalog, Map.of("method", "UPDATE", "data", data));
        if (result.failure != null) return result.failure;
        // The catalog is kept with the posting: a later take-down or revision goes to the catalog
        // the item is in, even after the seller changes the catalogId setting.
        return new ListingOutcome.Published(listing.sku(), Optional.empty(), Optional.of(catalog), result.warnings);
    }

    /**
     * The item's page on the seller's site: the storefront address with {@code {sku}} replaced,
     * or, without the placeholder, the address with {@code ?sku=} added.
     */
    static String link(String storefront, String sku) {
        String encoded = PlatformHttp.encode(sku);
        if (storefront.contains("{sku}")) return storefront.replace("{sku}", encoded);
        return storefront + (storefront.contains("?") ? "&" : "?") + "sku=" + encoded;
    }

    @Override
    public ListingOutcome remove(PlatformAccess access, String sku, Optional<String> externalRef) {
        String catalog = externalRef.filter(c -> c.matches("[0-9]{1,30}")).orElse(access.settings().getOrDefault(CATALOG_SETTING, ""));
        if (catalog.isBlank()) return new ListingOutcome.Removed(List.of("no catalog is set, so nothing was in one"));
        BatchResult result = batch(access, catalog, Map.of("method", "DELETE", "data", Map.of("id", sku)));
        if (result.failure != null) return result.failure;
        return new ListingOutcome.Removed(result.warnings);
    }

    private record BatchResult(ListingOutcome.Failed failure, List<String> warnings) {
    }

    private BatchResult batch(PlatformAccess access, String catalog, Map<String, Object> request) {
        try {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("item_type", "PRODUCT_ITEM");
            form.put("requests", PlatformHttp.JSON.writeValueAsString(List.of(request)));
            PlatformHttp.Response sent = http.send(HttpRequest.newBuilder(PlatformHttp.uri(config.graphUrl(),
                            "/" + PlatformHttp.encode(catalog) + "/items_batch"))
                    .header("Authorization", "Bearer " + access.accessToken())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(PlatformHttp.form(form))));
            if (!sent.ok()) return new BatchResult(MetaErrors.of(sent), List.of());
            String handle = sent.body().path("handles").path(0).asText("");
            if (handle.isEmpty()) return new BatchResult(ListingOutcome.Failed.of(Failure.TRANSIENT,
                    "Facebook accepted the batch without a handle; trying again later"), List.of());
            for (int poll = 0; poll < config.maxPolls(); poll++) {
                Thread.sleep(config.pollInterval().toMillis());
                PlatformHttp.Response status = http.send(HttpRequest.newBuilder(PlatformHttp.uri(config.graphUrl(),
                                "/" + PlatformHttp.encode(catalog) + "/check_batch_request_status?handle=" + PlatformHttp.encode(handle)))
                        .header("Authorization", "Bearer " + access.accessToken()).GET());
                if (!status.ok()) return new BatchResult(MetaErrors.of(status), List.of());
                JsonNode entry = status.body().path("data").path(0);
                if (!"finished".equals(entry.path("status").asText())) continue;
                List<String> errors = messages(entry.path("errors"));
                List<String> warnings = messages(entry.path("warnings"));
                if (!errors.isEmpty()) {
                    return new BatchResult(ListingOutcome.Failed.of(Failure.PERMANENT,
                            "Facebook's catalog refused the item: " + String.join("; ", errors)), warnings);
                }
                return new BatchResult(null, warnings);
            }
            // The batch is keyed by SKU, so sending it again later is harmless.
            return new BatchResult(ListingOutcome.Failed.of(Failure.TRANSIENT,
                    "Facebook is still processing the catalog update; checking again later"), List.of());
        } catch (PlatformHttp.Unreachable e) {
            return new BatchResult(ListingOutcome.Failed.of(Failure.TRANSIENT, "Facebook " + e.getMessage() + "; trying again later"), List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new BatchResult(ListingOutcome.Failed.of(Failure.TRANSIENT, "interrupted while waiting for Facebook"), List.of());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> messages(JsonNode list) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : list) PlatformHttp.cleanText(e.path("message").asText(e.toString()), 500).ifPresent(out::add);
        return out;
    }
}
