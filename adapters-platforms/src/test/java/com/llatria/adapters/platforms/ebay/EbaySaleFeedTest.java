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
        PlatformHttp http = new PlatformHttp(Duration.ofSeconds(5), Duration.ofSeconds(1));
        feed = new EbaySaleFeed(config, http);
        GrantResult.Granted granted = (GrantResult.Granted) new EbayAuthorization(config, http).exchange(ebay.consent());
        access = new PlatformAccess(granted.grant().accessToken(), Map.of());
    }

    @AfterEach
    void stop() {
        ebay.close();
    }

    SalesOutcome.Found found(Instant since) {
        SalesOutcome outcome = feed.salesSince(access, since);
        assertThat(outcome).isInstanceOf(SalesOutcome.Found.class);
        return (SalesOutcome.Found) outcome;
    }

    @Test
    void orders_changed_since_the_time_asked_come_back_as_sales_by_sku_with_their_price() {
        ebay.sell("LL-old", "10.00", T.minusSeconds(60));
        String order = ebay.sell("LL-a", "79.99", T);
        ebay.sellSomethingElse("", T.plusSeconds(1));

        assertThat(found(T).sales()).containsExactly(new PlatformSale(order, "LL-a", T, Optional.of(Money.usd("79.99"))));
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
        assertThat(((SalesOutcome.Failed) feed.salesSince(access, T)).kind()).isEqualTo(Failure.TRANSIENT);

        ebay.delayNext("GET /sell/fulfillment/v1/order", Duration.ofMillis(1500));
        assertThat(((SalesOutcome.Failed) feed.salesSince(access, T)).kind()).as("a timeout").isEqualTo(Failure.TRANSIENT);

        ebay.denyOrders(true);
        SalesOutcome.Failed denied = (SalesOutcome.Failed) feed.salesSince(access, T);
        assertThat(denied.kind()).isEqualTo(Failure.PERMANENT);
        assertThat(denied.message()).contains("connect eBay again").contains("1100");
        ebay.denyOrders(false);

        ebay.expireAccessTokens();
        assertThat(((SalesOutcome.Failed) feed.salesSince(access, T)).kind()).isEqualTo(Failure.TOKEN_EXPIRED);
    }
}
