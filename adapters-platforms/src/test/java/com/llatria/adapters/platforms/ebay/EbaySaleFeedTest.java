package com.llatria.adapters.platforms.ebay;

import com.llatria.adapters.platforms.PlatformHttp;
import com.llatria.adapters.platforms.fake.FakeEbay;
import com.llatria.domain.item.Money;
import com.llatria.domain.posting.GrantResult;
import com.llatria.domain.posting.ListingOutcome.Failure;
import com.llatria.domain.posting.PlatformAccess;
import com.llatria.domain.posting.PlatformSale;
import com.llatria.domain.posting.SalesOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EbaySaleFeedTest {
    static final Instant T = Instant.parse("2026-11-26T01:00:00.250Z");
    FakeEbay ebay;
    EbaySaleFeed feed;
    PlatformAccess access;

    @BeforeEach
    void start() {
        ebay = new FakeEbay();
        EbayConfig config = EbayConfig.of(FakeEbay.APP_ID, FakeEbay.CERT_ID, "dev", FakeEbay.RU_NAME, "production", ebay.url(), ebay.url());
        // The feed's deadline is short so the timeout case is quick, but long enough for a loaded
        // machine; the sign-in before each test is not what is tested and gets the default one.
        feed = new EbaySaleFeed(config, new PlatformHttp(Duration.ofSeconds(5), Duration.ofSeconds(3)));
        GrantResult.Granted granted = (GrantResult.Granted) new EbayAuthorization(config, PlatformHttp.defaults()).exchange(ebay.consent());
        access = new PlatformAccess(granted.grant().accessToken(), Map.of());
    }

    @AfterEach
    void stop() {
        ebay.close();
    }

    static final Instant NOW = T.plus(Duration.ofDays(1));

    SalesOutcome.Found found(Instant since) {
        return found(since, NOW);
    }

    SalesOutcome.Found found(Instant since, Instant until) {
        SalesOutcome outcome = feed.salesBetween(access, since, until);
        assertThat(outcome).isInstanceOf(SalesOutcome.Found.class);
        return (SalesOutcome.Found) outcome;
    }

    @Test
    void orders_changed_since_the_time_asked_come_back_as_sales_by_sku_with_their_price() {
        ebay.sell("LL-old", "10.00", T.minusSeconds(60));
        String order = ebay.sell("LL-a", "79.99", T);
        ebay.sellSomethingElse("", T.plusSeconds(1));

        String line = "100" + order.replaceAll("[^0-9]", "");
        assertThat(found(T).sales()).containsExactly(new PlatformSale(order, line, "LL-a", T, Optional.of(Money.usd("79.99"))));
        assertThat(found(T).readUntil()).isEqualTo(NOW);
        assertThat(found(T.minusSeconds(60), T.minusSeconds(1)).sales()).as("the window's end counts").extracting(PlatformSale::sku)
                .containsExactly("LL-old");
        assertThat(found(T.minusSeconds(60)).sales()).extracting(PlatformSale::sku).containsExactly("LL-old", "LL-a");
    }

    @Test
    void every_page_is_read() {
        for (int i = 0; i < EbaySaleFeed.PAGE * 2 + 3; i++) ebay.sell("LL-" + i, "1.00", T.plusSeconds(i));

        assertThat(found(T).sales()).hasSize(EbaySaleFeed.PAGE * 2 + 3).extracting(PlatformSale::sku).doesNotHaveDuplicates();
    }

    @Test
    void a_cancelled_order_is_not_a_sale() {
        String order = ebay.sell("LL-a", "79.99", T);
        ebay.cancel(order, T.plusSeconds(30));

        assertThat(found(T).sales()).isEmpty();
    }

    @Test
    void failures_follow_the_contract_categories() {
        ebay.failNext("GET /sell/fulfillment/v1/order", 500, FakeEbay.systemError(25001));
        assertThat(((SalesOutcome.Failed) feed.salesBetween(access, T, NOW)).kind()).isEqualTo(Failure.TRANSIENT);

        ebay.delayNext("GET /sell/fulfillment/v1/order", Duration.ofMillis(4500));
        assertThat(((SalesOutcome.Failed) feed.salesBetween(access, T, NOW)).kind()).as("a timeout").isEqualTo(Failure.TRANSIENT);

        ebay.denyOrders(true);
        SalesOutcome.Failed denied = (SalesOutcome.Failed) feed.salesBetween(access, T, NOW);
        assertThat(denied.kind()).isEqualTo(Failure.PERMANENT);
        assertThat(denied.message()).contains("connect eBay again").contains("1100");
        ebay.denyOrders(false);

        ebay.expireAccessTokens();
        assertThat(((SalesOutcome.Failed) feed.salesBetween(access, T, NOW)).kind()).isEqualTo(Failure.TOKEN_EXPIRED);
    }

    @Test
    void a_window_holding_more_orders_than_one_check_reads_is_read_up_to_where_it_got_and_the_next_check_goes_on_from_there() {
        Instant start = T.plus(Duration.ofDays(2));
        int others = EbaySaleFeed.MAX_ORDERS + 50;
        for (int i = 0; i < others; i++) ebay.sellSomethingElse("SHOP-" + i, start.plusMillis(i * 300L)); // about 50 minutes of them
        Instant last = start.plusMillis(others * 300L);
        ebay.sell("LL-late", "12.00", last.plusSeconds(1));
        Instant until = last.plusSeconds(60);

        SalesOutcome.Found first = found(start, until);
        assertThat(first.readUntil()).as("stopped where it got").isBefore(until).isAfter(start.plus(Duration.ofMinutes(20)).minusMillis(1));
        assertThat(first.sales()).extracting(PlatformSale::sku).doesNotContain("LL-late").hasSizeLessThanOrEqualTo(EbaySaleFeed.MAX_ORDERS);

        SalesOutcome.Found next = found(first.readUntil().minus(Duration.ofMinutes(10)), until);
        assertThat(next.readUntil()).isEqualTo(until);
        assertThat(next.sales()).extracting(PlatformSale::sku).contains("LL-late");
        java.util.Set<String> seen = new java.util.HashSet<>();
        first.sales().forEach(x -> seen.add(x.sku()));
        next.sales().forEach(x -> seen.add(x.sku()));
        assertThat(seen).as("nothing skipped").hasSize(others + 1);
    }

    @Test
    void more_orders_than_one_check_reads_within_the_shortest_window_is_a_failed_check_not_a_silent_skip() {
        Instant start = T.plus(Duration.ofDays(3));
        for (int i = 0; i < EbaySaleFeed.MAX_ORDERS + 1; i++) ebay.sellSomethingElse("SHOP-" + i, start.plusMillis(i));

        SalesOutcome outcome = feed.salesBetween(access, start, start.plus(Duration.ofHours(2)));
        assertThat(outcome).isInstanceOf(SalesOutcome.Failed.class);
        assertThat(((SalesOutcome.Failed) outcome).message()).contains("more than 10000 orders");
    }

    @Test
    void an_answer_that_is_not_ebays_list_of_orders_is_a_failed_check_not_no_sales() {
        ebay.sell("LL-a", "79.99", T);
        for (String body : java.util.List.of("<html>oops</html>", "{}", "{\"total\":\"many\",\"orders\":[]}", "[]",
                "{\"total\":1}", "{\"total\":1,\"orders\":{}}", "{\"total\":1,\"orders\":[{\"lineItems\":[{\"sku\":\"LL-a\"}]}]}")) {
            ebay.failNext("GET /sell/fulfillment/v1/order", 200, body);
            SalesOutcome outcome = feed.salesBetween(access, T, NOW);
            assertThat(outcome).as(body).isInstanceOf(SalesOutcome.Failed.class);
            assertThat(((SalesOutcome.Failed) outcome).kind()).isEqualTo(Failure.TRANSIENT);
        }
        ebay.failNext("GET /sell/fulfillment/v1/order", 200, "{\"href\":\"x\",\"total\":0,\"limit\":200,\"offset\":0}");
        assertThat(found(T).sales()).as("eBay's own empty answer").isEmpty();
    }

    @Test
    void a_page_holding_fewer_orders_than_its_total_leaves_for_it_is_a_failed_check_but_a_last_page_is_not() {
        ebay.sell("LL-a", "79.99", T);
        for (String body : java.util.List.of("{\"total\":1,\"orders\":[]}", "{\"total\":3,\"orders\":[" + order(1) + "]}",
                "{\"total\":1,\"orders\":[{\"orderId\":\"Z1\",\"lineItems\":{\"sku\":\"LL-a\"}}]}",
                "{\"total\":1,\"orders\":[{\"orderId\":\"Z1\"}]}",
                "{\"total\":1,\"orders\":[{\"orderId\":\"Z1\",\"lineItems\":[\"LL-a\"]}]}")) {
            ebay.failNext("GET /sell/fulfillment/v1/order", 200, body);
            SalesOutcome outcome = feed.salesBetween(access, T, NOW);
            assertThat(outcome).as(body).isInstanceOf(SalesOutcome.Failed.class);
            assertThat(((SalesOutcome.Failed) outcome).kind()).isEqualTo(Failure.TRANSIENT);
        }

        // A second page: empty though the total leaves one order for it.
        ebay.failNext("GET /sell/fulfillment/v1/order", 200, page(201, 0, EbaySaleFeed.PAGE));
        ebay.failNext("GET /sell/fulfillment/v1/order", 200, "{\"total\":201,\"offset\":200,\"orders\":[]}");
        assertThat(feed.salesBetween(access, T, NOW)).isInstanceOf(SalesOutcome.Failed.class);
        // The same with the order: a last page holds what is left.
        ebay.failNext("GET /sell/fulfillment/v1/order", 200, page(201, 0, EbaySaleFeed.PAGE));
        ebay.failNext("GET /sell/fulfillment/v1/order", 200, page(201, 200, 1));
        assertThat(found(T).sales()).hasSize(201);
        // Two orders of the first page changed while it read and left the window: the next page
        // counts 199 and holds none at 200; read again two places back, it holds order 200.
        ebay.failNext("GET /sell/fulfillment/v1/order", 200, page(201, 0, EbaySaleFeed.PAGE));
        ebay.failNext("GET /sell/fulfillment/v1/order", 200, "{\"total\":199,\"offset\":200}");
        ebay.failNext("GET /sell/fulfillment/v1/order", 200, page(199, 200, 1).replace("\"offset\":200", "\"offset\":198"));
        assertThat(found(T).sales()).hasSize(201);
    }

    @Test
    void an_order_leaving_the_window_while_the_pages_are_read_moves_none_past_the_check() {
        // 250 orders; while the first page is read, one of them changes (it leaves the window) and
        // order 200 moves up into the first page's places: the second page starts at order 201.
        ebay.failNext("GET /sell/fulfillment/v1/order", 200, page(250, 0, EbaySaleFeed.PAGE));
        ebay.failNext("GET /sell/fulfillment/v1/order", 200, page(249, 201, 49).replace("\"offset\":201", "\"offset\":200"));
        // Read again one place back: order 200 and the rest.
        ebay.failNext("GET /sell/fulfillment/v1/order", 200, page(249, 200, 50).replace("\"offset\":200", "\"offset\":199"));

        assertThat(found(T).sales()).extracting(PlatformSale::sku).as("each once, order 200 included")
                .contains("SHOP-200").doesNotHaveDuplicates().hasSize(250);
        assertThat(ebay.requests("GET /sell/fulfillment/v1/order")).isEqualTo(3);
    }

    private static String order(int i) {
        return "{\"orderId\":\"0" + i + "-1\",\"lineItems\":[{\"lineItemId\":\"10" + i + "\",\"sku\":\"SHOP-" + i + "\"}]}";
    }

    /** getOrders' answer: {@code count} orders from {@code offset}, of {@code total}. */
    private static String page(int total, int offset, int count) {
        StringBuilder orders = new StringBuilder();
        for (int i = offset; i < offset + count; i++) orders.append(i == offset ? "" : ",").append(order(i));
        return "{\"total\":" + total + ",\"offset\":" + offset + ",\"limit\":" + EbaySaleFeed.PAGE + ",\"orders\":[" + orders + "]}";
    }
}
