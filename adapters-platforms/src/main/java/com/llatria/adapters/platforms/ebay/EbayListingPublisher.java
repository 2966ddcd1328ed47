package com.llatria.adapters.platforms.ebay;

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
 * Lists on eBay through the Sell Inventory API: inventory item (by SKU), offer, publish; a
 * revision repeats the same calls; a take-down withdraws the offer and deletes the item.
 * Never two listings: the SKU is derived from our item id, an offer id from an earlier attempt
 * is reused, and creating an offer that exists (errorId 25002) yields the existing one.
 */
public final class EbayListingPublisher implements ListingPublisher {
    public static final int TITLE_MAX = 80;
    public static final int PHOTOS_MAX = 24;
    /** The account settings a listing needs: business policies and the inventory location. */
    public static final List<String> REQUIRED_SETTINGS =
            List.of("fulfillmentPolicyId", "paymentPolicyId", "returnPolicyId", "merchantLocationKey");

    /** eBay's category tree ids change rarely; asking once a day saves a call per listing. */
    static final java.time.Duration TREE_ID_LIFETIME = java.time.Duration.ofHours(24);

    private final EbayConfig config;
    private final PlatformHttp http;
    private volatile TreeId treeId;

    private record TreeId(String id, long fetchedAtNanos) {
        boolean fresh() {
            return System.nanoTime() - fetchedAtNanos < TREE_ID_LIFETIME.toNanos();
        }
    }

    public EbayListingPublisher(EbayConfig config, PlatformHttp http) {
        this.config = config;
        this.http = http;
    }

    @Override
    public Platform platform() {
        return Platform.EBAY;
    }

    /** Ours to eBay's: eBay has no plain "used", so used means good, fair means acceptable. */
    public static String condition(Condition condition) {
        return switch (condition) {
            case NEW -> "NEW";
            case LIKE_NEW -> "LIKE_NEW";
            case USED -> "USED_GOOD";
            case FAIR -> "USED_ACCEPTABLE";
            case POOR -> "FOR_PARTS_OR_NOT_WORKING";
        };
    }

    @Override
    public ListingOutcome publish(PlatformAccess access, Listing listing, Optional<String> knownOfferId) {
        Optional<ListingOutcome.Failed> invalid = check(access, listing);
        if (invalid.isPresent()) return invalid.get();
        try {
            String categoryId = listing.categoryId().isPresent() ? listing.categoryId().get() : suggestCategory(access, listing);
            call(access, "PUT", "/sell/inventory/v1/inventory_item/" + PlatformHttp.encode(listing.sku()), inventoryItem(listing));

            Map<String, Object> offer = offer(access, listing, categoryId);
            String offerId;
            if (knownOfferId.isPresent()) {
                offerId = knownOfferId.get();
                if (!updateOffer(access, offerId, offer)) offerId = createOffer(access, offer);
            } else {
                offerId = createOffer(access, offer);
            }
            try {
                JsonNode published = call(access, "POST", "/sell/inventory/v1/offer/" + offerId + "/publish", null);
                // asText() of a JSON null is "null", which looks like an id (finding 9.47): only text or a number is one.
                JsonNode id = published.path("listingId");
                String listingId = id.isTextual() || id.isIntegralNumber() ? id.asText() : "";
                if (listingId.isEmpty()) throw EbayFailure.transientFailure("eBay published the offer without a listing id");
                if (!isListingId(listingId)) {
                    // Published, maybe: the offer (kept) and the SKU still take it down, and posting again reuses the offer.
                    throw EbayFailure.unusable("eBay published the offer but answered with a listing id that is not one ("
                            + listingId.length() + " characters); the listing may be live on eBay");
                }
                return new ListingOutcome.Published(listingId, Optional.of(config.listingUrlBase() + listingId),
                        Optional.of(offerId), warnings(published));
            } catch (EbayFailure e) {
                return e.outcome(Optional.of(offerId));
            }
        } catch (EbayFailure e) {
            return e.outcome(knownOfferId);
        }
    }

    @Override
    public ListingOutcome remove(PlatformAccess access, String sku, Optional<String> knownOfferId) {
        try {
            List<String> warnings = new ArrayList<>();
            if (knownOfferId.isPresent()) {
                try {
                    warnings.addAll(warnings(call(access, "POST", "/sell/inventory/v1/offer/" + knownOfferId.get() + "/withdraw", null)));
                } catch (EbayFailure e) {
                    if (!e.gone()) throw e;
                }
            }
            // Deleting the inventory item ends every listing and offer under the SKU, including
            // any an attempt that died before recording it may have made.
            try {
                call(access, "DELETE", "/sell/inventory/v1/inventory_item/" + PlatformHttp.encode(sku), null);
            } catch (EbayFailure e) {
                if (!e.gone()) throw e;
            }
            return new ListingOutcome.Removed(warnings);
        } catch (EbayFailure e) {
            return e.outcome(knownOfferId);
        }
    }

    private Optional<ListingOutcome.Failed> check(PlatformAccess access, Listing listing) {
        List<String> missing = REQUIRED_SETTINGS.stream().filter(s -> access.settings().getOrDefault(s, "").isBlank()).toList();
        if (!missing.isEmpty()) {
            return Optional.of(ListingOutcome.Failed.of(PostingProblem.MISSING_SETTINGS, Failure.PERMANENT, "eBay needs your account's " + String.join(", ", missing)
                    + " before it can list; save them with POST /api/platforms/credentials"));
        }
        if (listing.photoUrls().isEmpty()) {
            return Optional.of(ListingOutcome.Failed.of(PostingProblem.ITEM_INCOMPLETE, Failure.PERMANENT, "eBay needs at least one photo; add a photo and post again"));
        }
        Optional<String> notPublic = listing.photoUrls().stream().filter(url -> !url.startsWith("https://")).findFirst();
        if (notPublic.isPresent()) {
            return Optional.of(ListingOutcome.Failed.of(PostingProblem.PHOTOS_NOT_PUBLIC, Failure.PERMANENT, "eBay fetches photos from public HTTPS addresses, and this "
                    + "server's photo addresses are not (" + abbreviate(notPublic.get()) + "). Keep photos in S3 "
                    + "(S3_BUCKET_NAME, with IMAGE_BASE_URL for a public bucket) or serve them at a public https address "
                    + "(PUBLIC_BASE_URL=https://...), then post again"));
        }
        if (listing.condition().isEmpty()) {
            return Optional.of(ListingOutcome.Failed.of(PostingProblem.ITEM_INCOMPLETE, Failure.PERMANENT, "eBay needs the item's condition; set it and post again"));
        }
        if (!listing.price().currency().getCurrencyCode().equals("USD")) {
            return Optional.of(ListingOutcome.Failed.of(PostingProblem.ITEM_INCOMPLETE, Failure.PERMANENT, "this eBay marketplace (" + config.marketplaceId()
                    + ") sells in USD; the item is priced in " + listing.price().currency().getCurrencyCode()));
        }
        return Optional.empty();
    }

    private String suggestCategory(PlatformAccess access, Listing listing) throws EbayFailure {
        String treeId = treeId(access);
        String query = listing.category().map(c -> c + " ").orElse("") + Listing.cutTitle(listing.title(), TITLE_MAX);
        JsonNode suggestions = call(access, "GET", "/commerce/taxonomy/v1/category_tree/" + PlatformHttp.encode(treeId)
                + "/get_category_suggestions?q=" + PlatformHttp.encode(query), null);
        for (JsonNode suggestion : suggestions.path("categorySuggestions")) {
            String id = suggestion.path("category").path("categoryId").asText("");
            if (!id.isEmpty()) return id;
        }
        throw EbayFailure.permanent("eBay suggested no category for this item; choose one (categoryId) and post again");
    }

    /** The marketplace's default category tree id, asked of eBay at most once a day. */
    private String treeId(PlatformAccess access) throws EbayFailure {
        TreeId known = treeId;
        if (known != null && known.fresh()) return known.id();
        JsonNode tree = call(access, "GET", "/commerce/taxonomy/v1/get_default_category_tree_id?marketplace_id=" + config.marketplaceId(), null);
        String id = tree.path("categoryTreeId").asText("");
        if (id.isEmpty()) throw EbayFailure.transientFailure("eBay answered without a category tree id");
        treeId = new TreeId(id, System.nanoTime());
        return id;
    }

    private static Map<String, Object> inventoryItem(Listing listing) {
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("title", Listing.cutTitle(listing.title(), TITLE_MAX));
        product.put("description", description(listing));
        product.put("imageUrls", listing.photoUrls().subList(0, Math.min(PHOTOS_MAX, listing.photoUrls().size())));
        if (!listing.aspects().isEmpty()) product.put("aspects", listing.aspects());
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("availability", Map.of("shipToLocationAvailability", Map.of("quantity", 1)));
        item.put("condition", condition(listing.condition().orElseThrow()));
        item.put("product", product);
        return item;
    }

    private Map<String, Object> offer(PlatformAccess access, Listing listing, String categoryId) {
        Map<String, String> s = access.settings();
        Map<String, Object> offer = new LinkedHashMap<>();
        offer.put("sku", listing.sku());
        offer.put("marketplaceId", config.marketplaceId());
        offer.put("format", "FIXED_PRICE");
        offer.put("listingDuration", "GTC");
        offer.put("availableQuantity", 1);
        offer.put("categoryId", categoryId);
        offer.put("listingDescription", description(listing));
        offer.put("merchantLocationKey", s.get("merchantLocationKey"));
        offer.put("pricingSummary", Map.of("price", Map.of("value", listing.price().amount().toPlainString(),
                "currency", listing.price().currency().getCurrencyCode())));
        offer.put("listingPolicies", Map.of("fulfillmentPolicyId", s.get("fulfillmentPolicyId"),
                "paymentPolicyId", s.get("paymentPolicyId"), "returnPolicyId", s.get("returnPolicyId")));
        return offer;
    }

    /** eBay refuses an empty description; the title stands in. */
    private static String description(Listing listing) {
        return listing.description().isBlank() ? listing.title() : listing.description();
    }

    private String createOffer(PlatformAccess access, Map<String, Object> offer) throws EbayFailure {
        try {
            String offerId = call(access, "POST", "/sell/inventory/v1/offer", offer).path("offerId").asText();
            if (offerId.isEmpty()) throw EbayFailure.transientFailure("eBay created the offer without an offer id");
            if (!isId(offerId)) throw notAnOfferId(offerId);
            return offerId;
        } catch (EbayFailure e) {
            Optional<String> existing = e.existingOfferId();
            if (existing.isEmpty()) throw e;
            if (!isId(existing.get())) throw notAnOfferId(existing.get());
            // An earlier attempt made it: bring it up to date and use it.
            updateOffer(access, existing.get(), offer);
            return existing.get();
        }
    }

    /**
     * eBay's ids are short strings of digits; anything else (thousands of characters, a '/' that
     * would change the path it goes into) is kept nowhere and used in no address.
     */
    static boolean isId(String value) {
        return value.length() <= 100 && value.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z') || c == '-' || c == '_' || c == '.') && !value.equals(".") && !value.equals("..");
    }

    /**
     * eBay's listing (item) ids are positive decimal numbers, 12 digits today: anything else
     * ("null" as text, "-", 0, -5, 41 digits) would show the seller a dead link (finding 9.49).
     */
    static boolean isListingId(String value) {
        return value.matches("[1-9][0-9]{0,18}");
    }

    private static EbayFailure notAnOfferId(String value) {
        // Nothing is published without an offer we can name; the SKU still takes down whatever eBay made.
        return EbayFailure.unusable("eBay answered with an offer id that is not one (" + value.length() + " characters)");
    }

    /** Replaces the offer's content; false when eBay no longer knows it. */
    private boolean updateOffer(PlatformAccess access, String offerId, Map<String, Object> offer) throws EbayFailure {
        try {
            call(access, "PUT", "/sell/inventory/v1/offer/" + offerId, offer);
            return true;
        } catch (EbayFailure e) {
            if (e.gone()) return false;
            throw e;
        }
    }

    private JsonNode call(PlatformAccess access, String method, String path, Object body) throws EbayFailure {
        HttpRequest.Builder request = HttpRequest.newBuilder(PlatformHttp.uri(config.apiUrl(), path))
                .header("Authorization", "Bearer " + access.accessToken())
                .header("Accept", "application/json")
                .header("Content-Language", "en-US")
                .header("Accept-Language", "en-US");
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, PlatformHttp.json(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        PlatformHttp.Response response;
        try {
            response = http.send(request);
        } catch (PlatformHttp.Unreachable e) {
            throw EbayFailure.transientFailure("eBay " + e.getMessage() + "; trying again later");
        }
        if (response.ok()) return response.body();
        throw EbayFailure.from(response);
    }

    private static List<String> warnings(JsonNode body) {
        List<String> out = new ArrayList<>();
        for (JsonNode w : body.path("warnings")) out.add(EbayFailure.describe(w));
        return out;
    }

    private static String abbreviate(String url) {
        return url.length() > 80 ? url.substring(0, 77) + "..." : url;
    }
}
