package com.llatria.adapters.platforms.ebay;

import com.fasterxml.jackson.databind.JsonNode;
import com.llatria.adapters.platforms.PlatformHttp;
import com.llatria.domain.item.Money;
import com.llatria.domain.port.SaleFeed;
import com.llatria.domain.posting.ListingOutcome.Failure;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformAccess;
import com.llatria.domain.posting.PlatformSale;
import com.llatria.domain.posting.SalesOutcome;

import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * The seller's eBay sales, from the Fulfillment API's getOrders
 * ({@code GET /sell/fulfillment/v1/order?filter=lastmodifieddate:[since..]}, scope
 * sell.fulfillment.readonly), page by page. Each line item with a SKU is a sale of that
 * listing; cancelled orders are left out. eBay keeps 90 days of orders.
 */
public final class EbaySaleFeed implements SaleFeed {
    /** getOrders allows up to 1,000 per page; 200 keeps each answer small. */
    static final int PAGE = 200;
    /** A bound on one check: 50 pages, 10,000 orders. The next check goes on from where eBay's dates say. */
    static final int MAX_PAGES = 50;
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ISO_INSTANT;

    private final EbayConfig config;
    private final PlatformHttp http;

    public EbaySaleFeed(EbayConfig config, PlatformHttp http) {
        this.config = config;
        this.http = http;
    }

    @Override
    public Platform platform() {
        return Platform.EBAY;
    }

    @Override
    public SalesOutcome salesSince(PlatformAccess access, Instant since) {
        String filter = "lastmodifieddate:[" + ISO_MILLIS.format(since.truncatedTo(ChronoUnit.MILLIS)) + "..]";
        List<PlatformSale> sales = new ArrayList<>();
        int offset = 0;
        for (int page = 0; page < MAX_PAGES; page++) {
            PlatformHttp.Response response;
            try {
                response = http.send(HttpRequest.newBuilder(PlatformHttp.uri(config.apiUrl(), "/sell/fulfillment/v1/order?filter="
                                + PlatformHttp.encode(filter) + "&limit=" + PAGE + "&offset=" + offset))
                        .header("Authorization", "Bearer " + access.accessToken())
                        .header("Accept", "application/json").GET());
            } catch (PlatformHttp.Unreachable e) {
                return new SalesOutcome.Failed(Failure.TRANSIENT, "eBay " + e.getMessage() + "; checking for sales again later");
            }
            if (!response.ok()) return failed(EbayFailure.from(response));
            JsonNode orders = response.body().path("orders");
            for (JsonNode order : orders) sales.addAll(salesIn(order));
            offset += orders.size();
            if (orders.isEmpty() || offset >= response.body().path("total").asInt(0)) return new SalesOutcome.Found(sales);
        }
        return new SalesOutcome.Found(sales);
    }

    private static List<PlatformSale> salesIn(JsonNode order) {
        if ("CANCELED".equals(order.path("cancelStatus").path("cancelState").asText(""))) return List.of();
        String orderId = order.path("orderId").asText("");
        Instant created;
        try {
            created = Instant.parse(order.path("creationDate").asText(""));
        } catch (DateTimeParseException e) {
            return List.of(); // not an order we can read; nothing to act on
        }
        List<PlatformSale> out = new ArrayList<>();
        for (JsonNode line : order.path("lineItems")) {
            String sku = line.path("sku").asText("");
            if (sku.isEmpty() || orderId.isEmpty()) continue;
            out.add(new PlatformSale(orderId, sku, created, money(line.path("lineItemCost"))));
        }
        return out;
    }

    private static Optional<Money> money(JsonNode amount) {
        try {
            return Optional.of(new Money(new BigDecimal(amount.path("value").asText()), Currency.getInstance(amount.path("currency").asText())));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty(); // a sale without a readable price is still a sale
        }
    }

    private static SalesOutcome.Failed failed(EbayFailure e) {
        String message = switch (e.kind()) {
            case TOKEN_EXPIRED -> "eBay refused the access token: " + e.words();
            case TRANSIENT -> "eBay had a problem on its side (" + e.words() + "); checking for sales again later";
            default -> e.status() == 403
                    ? "eBay does not let Llatria see your orders (" + e.words() + "), so sales on eBay are not noticed; "
                    + "connect eBay again to allow it"
                    : "eBay refused to list your orders: " + e.words();
        };
        return new SalesOutcome.Failed(e.kind(), message);
    }
}
