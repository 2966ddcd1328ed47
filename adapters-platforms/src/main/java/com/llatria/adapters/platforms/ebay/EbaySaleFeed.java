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
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The seller's eBay sales, from the Fulfillment API's getOrders
 * ({@code GET /sell/fulfillment/v1/order?filter=lastmodifieddate:[from..until]}, scope
 * sell.fulfillment.readonly), page by page. Each line item with a SKU is a sale of that
 * listing; cancelled orders are left out. eBay keeps 90 days of orders.
 * <p>
 * One check reads at most {@link #MAX_ORDERS} orders: when the window holds more, it is narrowed
 * (halved, never below {@link SaleFeed#SHORTEST_WINDOW}) until it holds no more, and only that
 * part is read, so the next check goes on from there; nothing is skipped. An answer that is not
 * eBay's list of orders (a maintenance page, a proxy's HTML) is a failed check, never "no sales".
 */
public final class EbaySaleFeed implements SaleFeed {
    /** getOrders allows up to 1,000 per page; 200 keeps each answer small. */
    static final int PAGE = 200;
    /** A bound on one check: 50 pages. */
    static final int MAX_PAGES = 50;
    static final int MAX_ORDERS = PAGE * MAX_PAGES;
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

    /** One page of getOrders as eBay's contract has it, or why not. */
    private sealed interface Page {
        record Orders(int total, JsonNode orders) implements Page {
        }

        record Failed(SalesOutcome.Failed failure) implements Page {
        }
    }

    @Override
    public SalesOutcome salesBetween(PlatformAccess access, Instant from, Instant until) {
        // eBay's dates are to the millisecond: the window asked is the window read.
        from = from.truncatedTo(ChronoUnit.MILLIS);
        Instant end = until.truncatedTo(ChronoUnit.MILLIS);
        Page page = page(access, from, end, 0, PAGE);
        if (page instanceof Page.Failed f) return f.failure();
        int total = ((Page.Orders) page).total();
        while (total > MAX_ORDERS) {
            Instant floor = from.plus(SHORTEST_WINDOW);
            if (!end.isAfter(floor)) {
                return new SalesOutcome.Failed(Failure.TRANSIENT, "eBay lists more than " + MAX_ORDERS + " orders changed within "
                        + SHORTEST_WINDOW.toMinutes() + " minutes (from " + from + "), more than one check reads; sales on eBay are "
                        + "not noticed until they can be read");
            }
            Instant half = from.plus(Duration.between(from, end).dividedBy(2)).truncatedTo(ChronoUnit.MILLIS);
            end = half.isBefore(floor) ? floor : half;
            // Only the count matters while narrowing: ask for one order.
            Page count = page(access, from, end, 0, 1);
            if (count instanceof Page.Failed f) return f.failure();
            total = ((Page.Orders) count).total();
            page = null;
        }
        if (page == null) {
            page = page(access, from, end, 0, PAGE);
            if (page instanceof Page.Failed f) return f.failure();
        }
        // By order and line: a line read twice (see below) is one sale.
        Map<String, PlatformSale> sales = new LinkedHashMap<>();
        int offset = 0;
        for (int pages = 1; ; pages++) {
            Page.Orders orders = (Page.Orders) page;
            List<PlatformSale> read = new ArrayList<>();
            for (JsonNode order : orders.orders()) {
                Optional<String> unusable = addSales(order, end, read);
                if (unusable.isPresent()) return notOrders(unusable.get());
            }
            read.forEach(sale -> sales.putIfAbsent(sale.orderId() + "\n" + sale.lineId(), sale));
            offset += orders.orders().size();
            if (orders.orders().isEmpty() || offset >= orders.total()) return new SalesOutcome.Found(List.copyOf(sales.values()), end);
            // Orders changed while we read: more pages than counted. Stop rather than read for ever; the window stays.
            if (pages > MAX_PAGES + 5) return notOrders("more pages than it counted");
            page = page(access, from, end, offset, PAGE);
            // An order changed while we read leaves the window (its lastmodifieddate passes the
            // window's end; none enters, the end being past), and each order listed after it moves
            // up one place: the first of the next page into the page already read. A total that
            // shrank by n: step back n places and read from there, or those orders are skipped.
            int counted = orders.total();
            while (page instanceof Page.Orders next && next.total() < counted) {
                offset = Math.max(0, offset - (counted - next.total()));
                counted = next.total();
                if (++pages > MAX_PAGES + 5) return notOrders("more pages than it counted");
                page = page(access, from, end, offset, PAGE);
            }
            if (page instanceof Page.Failed f) return f.failure();
        }
    }

    private Page page(PlatformAccess access, Instant from, Instant until, int offset, int limit) {
        String filter = "lastmodifieddate:[" + ISO_MILLIS.format(from.truncatedTo(ChronoUnit.MILLIS)) + ".."
                + ISO_MILLIS.format(until.truncatedTo(ChronoUnit.MILLIS)) + "]";
        PlatformHttp.Response response;
        try {
            response = http.send(HttpRequest.newBuilder(PlatformHttp.uri(config.apiUrl(), "/sell/fulfillment/v1/order?filter="
                            + PlatformHttp.encode(filter) + "&limit=" + limit + "&offset=" + offset))
                    .header("Authorization", "Bearer " + access.accessToken())
                    .header("Accept", "application/json").GET());
        } catch (PlatformHttp.Unreachable e) {
            return new Page.Failed(new SalesOutcome.Failed(Failure.TRANSIENT, "eBay " + e.getMessage() + "; checking for sales again later"));
        }
        if (!response.ok()) return new Page.Failed(failed(EbayFailure.from(response)));
        // eBay's OrderSearchPagedCollection: always a total; orders (an array) when there are any on the page.
        JsonNode body = response.body();
        JsonNode total = body.path("total");
        JsonNode orders = body.path("orders");
        if (!body.isObject() || !total.canConvertToInt() || !total.isIntegralNumber() || total.asInt() < 0
                || !(orders.isArray() || orders.isMissingNode())) {
            return new Page.Failed(notOrders("something that is not its list of orders"));
        }
        // The page holds every order its total leaves for it: from the offset, up to the limit. A
        // last page holds fewer (offset + limit passes the total); any other short page promises
        // orders it does not deliver, and a sale among them would be lost (finding 9.45).
        int held = orders.isArray() ? orders.size() : 0;
        if (held < Math.max(0, Math.min(limit, total.asInt() - offset))) {
            return new Page.Failed(notOrders("a page of " + held + " orders where its total (" + total.asInt() + ") promised "
                    + Math.min(limit, total.asInt() - offset)));
        }
        return new Page.Orders(total.asInt(), orders.isArray() ? orders : PlatformHttp.JSON.createArrayNode());
    }

    private static SalesOutcome.Failed notOrders(String what) {
        return new SalesOutcome.Failed(Failure.TRANSIENT, "eBay answered " + what + " when asked for your orders; checking for sales "
                + "again later");
    }

    /**
     * Adds the sales in one order to {@code sales}; or says why the order cannot be acted on
     * safely: not eBay's order (its lines not a list of lines: 9.45), or no id to remember it by.
     */
    private static Optional<String> addSales(JsonNode order, Instant until, List<PlatformSale> sales) {
        if (!order.isObject()) return Optional.of("an order that is not one");
        if ("CANCELED".equals(order.path("cancelStatus").path("cancelState").asText(""))) return Optional.empty();
        JsonNode lines = order.path("lineItems");
        if (!lines.isArray()) return Optional.of("an order whose lineItems are not a list");
        String orderId = order.path("orderId").asText("");
        List<PlatformSale> out = new ArrayList<>();
        for (JsonNode line : lines) {
            if (!line.isObject()) return Optional.of("an order line that is not one");
            String sku = line.path("sku").asText("");
            if (sku.isEmpty()) continue; // a listing made without a SKU: not one of ours
            if (orderId.isEmpty()) return Optional.of("an order without its id");
            String lineId = line.path("lineItemId").asText("");
            out.add(new PlatformSale(orderId, lineId.isEmpty() ? "sku:" + sku : lineId, sku, soldAt(order, until),
                    money(line.path("lineItemCost"))));
        }
        sales.addAll(out);
        return Optional.empty();
    }

    /** When it sold: the order's creation, else its last change; a sale whose dates cannot be read is still a sale. */
    private static Instant soldAt(JsonNode order, Instant until) {
        for (String field : List.of("creationDate", "lastModifiedDate")) {
            try {
                return Instant.parse(order.path(field).asText(""));
            } catch (DateTimeParseException e) {
                // the next one
            }
        }
        return until;
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
