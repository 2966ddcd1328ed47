package com.llatria.adapters.platforms.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake eBay speaking the Sell Inventory, Taxonomy and OAuth contracts as
 * ../shared/reference/external-apis.md describes them, errors included: expired tokens answer
 * 401 errorId 1001, a second offer for a SKU answers 25002 with the existing offer id, a
 * non-leaf category 25005, unknown entities 25710. It counts the listings it ever created per
 * SKU, which is what "never two listings" is measured by.
 */
public final class FakeEbay extends FakeHttp {
    public static final String APP_ID = "llatria-test-app";
    public static final String CERT_ID = "llatria-test-cert";
    public static final String RU_NAME = "llatria-test-runame";
    public static final String LEAF_CATEGORY = "11483";
    public static final String NON_LEAF_CATEGORY = "11450";
    private static final Set<String> CONDITIONS = Set.of("NEW", "LIKE_NEW", "NEW_OTHER", "NEW_WITH_DEFECTS", "CERTIFIED_REFURBISHED",
            "SELLER_REFURBISHED", "USED_EXCELLENT", "USED_VERY_GOOD", "USED_GOOD", "USED_ACCEPTABLE", "FOR_PARTS_OR_NOT_WORKING");
    private static final Pattern OFFER_ACTION = Pattern.compile("/sell/inventory/v1/offer/([^/]+)(/publish|/withdraw)?");
    private static final Pattern ITEM = Pattern.compile("/sell/inventory/v1/inventory_item/([^/]+)");

    public static final class Offer {
        public final String offerId;
        public final String sku;
        public JsonNode body;
        public String listingId;
        public boolean published;
        public int revisions;

        Offer(String offerId, String sku, JsonNode body) {
            this.offerId = offerId;
            this.sku = sku;
            this.body = body;
        }
    }

    /** A buyer's order, as getOrders returns it; {@code seller} null: every account sees it (one order book for all). */
    public record Order(String orderId, String sku, String price, java.time.Instant created, java.time.Instant modified,
                        boolean cancelled, String seller) {
        public Order {
            // eBay's order dates are to the millisecond
            created = created.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            modified = modified.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        }

        Order modifiedAt(java.time.Instant at, boolean cancel) {
            return new Order(orderId, sku, price, created, at, cancel, seller);
        }
    }

    /** The eBay account that consented (each seller's orders are their own; {@link #ANYONE} sees the shared book only). */
    public static final String ANYONE = "ann_seller";
    private final Map<String, String> sellerOf = new HashMap<>();
    private final Map<String, java.time.Duration> ordersHeld = new java.util.concurrent.ConcurrentHashMap<>();

    private final List<Order> orders = new ArrayList<>();
    private boolean ordersDenied;
    private String username = "ann_seller";
    private final Set<String> codes = new HashSet<>();
    private final Set<String> accessTokens = new HashSet<>();
    private final Set<String> refreshTokens = new HashSet<>();
    private final Map<String, JsonNode> inventory = new HashMap<>();
    private final Map<String, Offer> offers = new LinkedHashMap<>();
    private final Map<String, Integer> listingsCreated = new HashMap<>();
    private final List<String> publishWarnings = new ArrayList<>();
    private final List<String> tokenRequests = new ArrayList<>();
    private long nextOffer = 9_454_717_000L;
    private long nextListing = 110_553_512_000L;
    private int tokenCounter;
    private int publishes;

    /** What eBay's consent page does when the seller agrees: a one-time code for our callback. */
    public synchronized String consent() {
        return consent(ANYONE);
    }

    /** The consent of one eBay account: its tokens read its own orders (and the shared book). */
    public synchronized String consent(String seller) {
        String code = "v^1.1#i^1#code-" + UUID.randomUUID();
        codes.add(code);
        sellerOf.put(code, seller);
        return code;
    }

    /** Every getOrders of this eBay account answers only after {@code hold} (a slow account); zero ends it. */
    public void holdOrdersOf(String seller, java.time.Duration hold) {
        if (hold.isZero()) ordersHeld.remove(seller);
        else ordersHeld.put(seller, hold);
    }

    @Override
    java.time.Duration holdFor(String method, String path, String authorization) {
        if (ordersHeld.isEmpty() || !path.equals("/sell/fulfillment/v1/order") || authorization == null) return java.time.Duration.ZERO;
        String seller;
        synchronized (this) {
            seller = sellerOf.get(authorization.substring(Math.min(7, authorization.length())));
        }
        return seller == null ? java.time.Duration.ZERO : ordersHeld.getOrDefault(seller, java.time.Duration.ZERO);
    }

    /**
     * A buyer buys the listing of {@code sku} at {@code at}: an order appears in getOrders and,
     * the one item being sold, the listing ends. Returns the order id.
     */
    public synchronized String sell(String sku, String price, java.time.Instant at) {
        return sell(null, sku, price, at);
    }

    /** As {@link #sell(String, String, java.time.Instant)}, on one eBay account's order book. */
    public synchronized String sell(String seller, String sku, String price, java.time.Instant at) {
        String orderId = String.format("%02d-%05d-%05d", orders.size() % 100, 10000 + orders.size(), 20000 + orders.size());
        orders.add(new Order(orderId, sku, price, at, at, false, seller));
        offers.values().stream().filter(o -> o.sku.equals(sku)).forEach(o -> o.published = false);
        return orderId;
    }

    /** An order that has nothing to do with us: bought from a listing eBay knows by another SKU (or none). */
    public synchronized void sellSomethingElse(String sku, java.time.Instant at) {
        orders.add(new Order("99-" + orders.size(), sku, "5.00", at, at, false, null));
    }

    /** The order was cancelled at {@code at}. */
    public synchronized void cancel(String orderId, java.time.Instant at) {
        orders.replaceAll(o -> o.orderId().equals(orderId) ? o.modifiedAt(at, true) : o);
    }

    /** eBay changed the order at {@code at} (a return, a refund, a shipping update): getOrders shows it again. */
    public synchronized void modify(String orderId, java.time.Instant at) {
        orders.replaceAll(o -> o.orderId().equals(orderId) ? o.modifiedAt(at, o.cancelled()) : o);
    }

    /** getOrders answers 403 (the token lacks the fulfillment scope, as for accounts connected before it was asked). */
    public synchronized void denyOrders(boolean denied) {
        ordersDenied = denied;
    }

    /** The user name the Identity API gives. */
    public synchronized void username(String value) {
        username = value;
    }

    /** Every access token handed out so far now answers 401 / 1001. */
    public synchronized void expireAccessTokens() {
        accessTokens.clear();
    }

    /** The seller revoked the app: refresh tokens answer invalid_grant. */
    public synchronized void revokeRefreshTokens() {
        refreshTokens.clear();
    }

    /** The next publish answers 200 with this warning. */
    public synchronized void warnOnNextPublish(String message) {
        publishWarnings.add(message);
    }

    /** How many different listings were ever created for the SKU (a revision is not a new listing). */
    public synchronized int listingsCreated(String sku) {
        return listingsCreated.getOrDefault(sku, 0);
    }

    public synchronized int totalListingsCreated() {
        return listingsCreated.values().stream().mapToInt(Integer::intValue).sum();
    }

    public synchronized int maxListingsPerSku() {
        return listingsCreated.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** Listings live now. */
    public synchronized long liveListings() {
        return offers.values().stream().filter(o -> o.published).count();
    }

    /** Listings live now for the SKU. */
    public synchronized long liveListings(String sku) {
        return offers.values().stream().filter(o -> o.published && o.sku.equals(sku)).count();
    }

    /** Publish calls answered (creations and revisions). */
    public synchronized int publishes() {
        return publishes;
    }

    public synchronized Offer offerFor(String sku) {
        return offers.values().stream().filter(o -> o.sku.equals(sku)).findFirst().orElse(null);
    }

    public synchronized JsonNode inventoryItem(String sku) {
        return inventory.get(sku);
    }

    /** The grant types asked of the token endpoint, in order. */
    public synchronized List<String> tokenRequests() {
        return List.copyOf(tokenRequests);
    }

    @Override
    synchronized Answer answer(String method, String path, Map<String, String> query, String body, String authorization,
                               HttpExchange exchange) {
        if (path.equals("/identity/v1/oauth2/token") && method.equals("POST")) return token(body, authorization);
        if (authorization == null || !authorization.startsWith("Bearer ") || !accessTokens.contains(authorization.substring(7))) {
            return new Answer(401, errors(1001, "OAuth", "REQUEST", "Invalid access token",
                    "Invalid access token. Check the value of the Authorization HTTP request header.", null));
        }
        if (path.equals("/commerce/identity/v1/user/") && method.equals("GET")) {
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("userId", "nY6zhGxFlQc");
            if (username != null) user.put("username", username);
            user.put("accountType", "INDIVIDUAL");
            user.put("registrationMarketplaceId", "EBAY_US");
            return new Answer(200, user);
        }
        if (path.equals("/sell/fulfillment/v1/order") && method.equals("GET")) {
            return orders(query, sellerOf.getOrDefault(authorization.substring(7), ANYONE));
        }
        if (path.equals("/commerce/taxonomy/v1/get_default_category_tree_id")) {
            return new Answer(200, Map.of("categoryTreeId", "0", "categoryTreeVersion", "130"));
        }
        if (path.equals("/commerce/taxonomy/v1/category_tree/0/get_category_suggestions")) {
            return new Answer(200, Map.of("categorySuggestions", List.of(Map.of(
                    "category", Map.of("categoryId", LEAF_CATEGORY, "categoryName", "Jeans"),
                    "categoryTreeNodeLevel", 4, "relevancy", "HIGH"))));
        }
        if (path.startsWith("/sell/") && !"en-US".equals(exchange.getRequestHeaders().getFirst("Content-Language"))) {
            return new Answer(400, errors(25709, "API_INVENTORY", "REQUEST", "Invalid value for header Content-Language.", null, null));
        }
        Matcher item = ITEM.matcher(path);
        if (item.matches()) {
            String sku = java.net.URLDecoder.decode(item.group(1), StandardCharsets.UTF_8);
            if (method.equals("PUT")) return putItem(sku, parse(body));
            if (method.equals("DELETE")) {
                if (inventory.remove(sku) == null) return new Answer(404, errors(25710, "API_INVENTORY", "REQUEST",
                        "We didn't find the entity you are requesting.", null, null));
                offers.values().removeIf(o -> o.sku.equals(sku));
                return new Answer(204, null);
            }
        }
        if (path.equals("/sell/inventory/v1/offer") && method.equals("POST")) return createOffer(parse(body));
        Matcher offer = OFFER_ACTION.matcher(path);
        if (offer.matches()) {
            Offer o = offers.get(offer.group(1));
            if (o == null) return new Answer(404, errors(25710, "API_INVENTORY", "REQUEST", "We didn't find the entity you are requesting.", null, null));
            String action = offer.group(2);
            if (action == null && method.equals("PUT")) {
                JsonNode b = parse(body);
                Answer invalid = checkOffer(b);
                if (invalid != null) return invalid;
                o.body = b;
                if (o.published) o.revisions++;
                return new Answer(200, Map.of("warnings", List.of()));
            }
            if ("/publish".equals(action) && method.equals("POST")) return publish(o);
            if ("/withdraw".equals(action) && method.equals("POST")) {
                if (!o.published) return new Answer(400, errors(25713, "API_INVENTORY", "REQUEST", "This Offer is not available.", null, null));
                o.published = false;
                return new Answer(200, Map.of("listingId", o.listingId, "warnings", List.of()));
            }
        }
        return new Answer(404, errors(2002, "ACCESS", "REQUEST", "Resource not found", null, null));
    }

    private static final Pattern MODIFIED = Pattern.compile("lastmodifieddate:\\[([^.\\]]*(?:\\.[0-9]+Z)?)\\.\\.([^\\]]*)\\]");

    private Answer orders(Map<String, String> query, String seller) {
        if (ordersDenied) {
            return new Answer(403, errors(1100, "ACCESS", "REQUEST", "Access denied",
                    "Insufficient permissions to fulfill the request.", null));
        }
        java.time.Instant from = java.time.Instant.EPOCH;
        java.time.Instant to = java.time.Instant.MAX;
        String filter = query.get("filter");
        if (filter != null) {
            Matcher m = MODIFIED.matcher(filter);
            if (!m.matches()) {
                return new Answer(400, errors(30700, "API_FULFILLMENT", "REQUEST", "Invalid filter value.", null, null));
            }
            from = java.time.Instant.parse(m.group(1));
            if (!m.group(2).isEmpty()) to = java.time.Instant.parse(m.group(2));
        }
        int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
        int offset = Integer.parseInt(query.getOrDefault("offset", "0"));
        if (limit < 1 || limit > 1000) return new Answer(400, errors(30830, "API_FULFILLMENT", "REQUEST", "Invalid limit.", null, null));
        java.time.Instant since = from;
        java.time.Instant until = to;
        List<Order> matching = orders.stream().filter(o -> !o.modified().isBefore(since) && !o.modified().isAfter(until))
                .filter(o -> o.seller() == null || o.seller().equals(seller)).toList();
        List<Map<String, Object>> page = new ArrayList<>();
        for (Order o : matching.subList(Math.min(offset, matching.size()), Math.min(offset + limit, matching.size()))) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("lineItemId", "100" + o.orderId().replaceAll("[^0-9]", ""));
            Offer offer = offers.values().stream().filter(x -> x.sku.equals(o.sku())).findFirst().orElse(null);
            if (offer != null && offer.listingId != null) line.put("legacyItemId", offer.listingId);
            if (!o.sku().isEmpty()) line.put("sku", o.sku());
            line.put("title", "an item");
            line.put("quantity", 1);
            line.put("lineItemCost", Map.of("value", o.price(), "currency", "USD"));
            Map<String, Object> order = new LinkedHashMap<>();
            order.put("orderId", o.orderId());
            order.put("creationDate", o.created().toString());
            order.put("lastModifiedDate", o.modified().toString());
            order.put("orderFulfillmentStatus", "NOT_STARTED");
            order.put("orderPaymentStatus", "PAID");
            order.put("cancelStatus", Map.of("cancelState", o.cancelled() ? "CANCELED" : "NONE_REQUESTED", "cancelRequests", List.of()));
            order.put("lineItems", List.of(line));
            page.add(order);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("href", "/sell/fulfillment/v1/order?limit=" + limit + "&offset=" + offset);
        body.put("total", matching.size());
        body.put("limit", limit);
        body.put("offset", offset);
        if (offset + limit < matching.size()) body.put("next", "/sell/fulfillment/v1/order?limit=" + limit + "&offset=" + (offset + limit));
        body.put("orders", page);
        return new Answer(200, body);
    }

    private Answer token(String body, String authorization) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((APP_ID + ":" + CERT_ID).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(authorization)) {
            return new Answer(401, Map.of("error", "invalid_client", "error_description", "client authentication failed"));
        }
        Map<String, String> form = query(body);
        tokenRequests.add(form.get("grant_type"));
        switch (form.getOrDefault("grant_type", "")) {
            case "authorization_code" -> {
                if (!RU_NAME.equals(form.get("redirect_uri")) || !codes.remove(form.get("code"))) {
                    return new Answer(400, Map.of("error", "invalid_grant",
                            "error_description", "the provided authorization grant code is invalid or was issued to another client"));
                }
                String seller = sellerOf.getOrDefault(form.get("code"), ANYONE);
                String refresh = "v^1.1#i^1#r^1#refresh-" + (++tokenCounter) + "-" + UUID.randomUUID();
                refreshTokens.add(refresh);
                sellerOf.put(refresh, seller);
                return new Answer(200, Map.of("access_token", newAccessToken(seller), "expires_in", 7200,
                        "refresh_token", refresh, "refresh_token_expires_in", 47304000, "token_type", "User Access Token"));
            }
            case "refresh_token" -> {
                if (!refreshTokens.contains(form.get("refresh_token")) || form.get("scope") == null) {
                    return new Answer(400, Map.of("error", "invalid_grant",
                            "error_description", "the provided authorization refresh token is invalid or was issued to another client"));
                }
                return new Answer(200, Map.of("access_token", newAccessToken(sellerOf.getOrDefault(form.get("refresh_token"), ANYONE)),
                        "expires_in", 7200, "token_type", "User Access Token"));
            }
            default -> {
                return new Answer(400, Map.of("error", "unsupported_grant_type", "error_description", "grant type not supported"));
            }
        }
    }

    private String newAccessToken(String seller) {
        String token = "v^1.1#i^1#p^3#access-" + (++tokenCounter) + "-" + UUID.randomUUID();
        accessTokens.add(token);
        sellerOf.put(token, seller);
        return token;
    }

    private Answer putItem(String sku, JsonNode b) {
        if (sku.length() > 50) return new Answer(400, errors(25707, "API_INVENTORY", "REQUEST", "This is an invalid value for a SKU.", null, null));
        if (b == null) return new Answer(400, errors(2004, "ACCESS", "REQUEST", "Invalid request", null, null));
        String condition = b.path("condition").asText("");
        if (!CONDITIONS.contains(condition)) {
            return new Answer(400, errors(2004, "ACCESS", "REQUEST", "Could not serialize field [condition]", null, null));
        }
        JsonNode product = b.path("product");
        if (product.path("title").asText("").length() > 80) {
            return new Answer(400, errors(25718, "API_INVENTORY", "REQUEST", "The title is too long.", null, null));
        }
        JsonNode images = product.path("imageUrls");
        if (images.size() < 1 || images.size() > 24) {
            return new Answer(400, errors(25717, "API_INVENTORY", "REQUEST", "Provide 1 to 24 image URLs.", null, null));
        }
        for (JsonNode url : images) {
            if (!url.asText().startsWith("https://")) {
                return new Answer(400, errors(25717, "API_INVENTORY", "REQUEST", "Image URLs must be HTTPS.", null, null));
            }
        }
        boolean existed = inventory.put(sku, b) != null;
        return new Answer(existed ? 204 : 201, null);
    }

    private Answer checkOffer(JsonNode b) {
        if (b == null) return new Answer(400, errors(2004, "ACCESS", "REQUEST", "Invalid request", null, null));
        for (String field : List.of("sku", "marketplaceId", "format", "categoryId", "merchantLocationKey")) {
            if (b.path(field).asText("").isEmpty()) {
                return new Answer(400, errors(25709, "API_INVENTORY", "REQUEST", "Invalid value for " + field + ".", null, null));
            }
        }
        if (b.path("pricingSummary").path("price").path("value").asText("").isEmpty()) {
            return new Answer(400, errors(25709, "API_INVENTORY", "REQUEST", "Invalid value for price.", null, null));
        }
        return null;
    }

    private Answer createOffer(JsonNode b) {
        Answer invalid = checkOffer(b);
        if (invalid != null) return invalid;
        String sku = b.path("sku").asText();
        for (Offer existing : offers.values()) {
            if (existing.sku.equals(sku)) {
                return new Answer(400, errors(25002, "API_INVENTORY", "REQUEST",
                        "A user error has occurred. Offer entity already exists.",
                        "A user error has occurred. Offer entity already exists.", existing.offerId));
            }
        }
        Offer offer = new Offer(String.valueOf(++nextOffer), sku, b);
        offers.put(offer.offerId, offer);
        return new Answer(201, Map.of("offerId", offer.offerId));
    }

    private Answer publish(Offer o) {
        publishes++;
        if (!inventory.containsKey(o.sku)) {
            return new Answer(400, errors(25604, "API_INVENTORY", "REQUEST", "Input error. The inventory item does not exist.", null, null));
        }
        if (o.body.path("categoryId").asText().equals(NON_LEAF_CATEGORY)) {
            return new Answer(400, errors(25005, "API_INVENTORY", "REQUEST",
                    "The category ID you entered is not a leaf category. Please enter a leaf category ID.", null, null));
        }
        if (o.listingId == null) {
            o.listingId = String.valueOf(++nextListing);
            listingsCreated.merge(o.sku, 1, Integer::sum);
        } else if (o.published) {
            o.revisions++;
        }
        o.published = true;
        List<Map<String, Object>> warnings = new ArrayList<>();
        for (String w : publishWarnings) {
            warnings.add(Map.of("errorId", 25401, "domain", "API_INVENTORY", "category", "REQUEST", "message", w, "longMessage", w));
        }
        publishWarnings.clear();
        return new Answer(200, Map.of("listingId", o.listingId, "warnings", warnings));
    }

    /** The contract's error shape. */
    public static Map<String, Object> errors(int errorId, String domain, String category, String message, String longMessage,
                                             String offerId) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("errorId", errorId);
        error.put("domain", domain);
        error.put("subdomain", "Selling");
        error.put("category", category);
        error.put("message", message);
        if (longMessage != null) error.put("longMessage", longMessage);
        if (offerId != null) error.put("parameters", List.of(Map.of("name", "offerId", "value", offerId)));
        return Map.of("errors", List.of(error));
    }

    /** A SYSTEM error body, as eBay sends for 25001 (a temporary internal error). */
    public static String systemError(int errorId) {
        try {
            return JSON.writeValueAsString(errors(errorId, "API_INVENTORY", "SYSTEM",
                    "A system error has occurred. Please try again later.", null, null));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
