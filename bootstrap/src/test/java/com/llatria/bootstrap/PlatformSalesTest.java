package com.llatria.bootstrap;

import com.llatria.adapters.persistence.testing.TestPostgres;
import com.llatria.adapters.platforms.PlatformHttp;
import com.llatria.adapters.platforms.ebay.EbayConfig;
import com.llatria.adapters.platforms.fake.FakeEbay;
import com.llatria.adapters.storage.testing.TestImages;
import com.llatria.application.auth.Session;
import com.llatria.application.inventory.ItemInput;
import com.llatria.application.inventory.ItemPatch;
import com.llatria.application.inventory.MoneyInput;
import com.llatria.application.photos.PhotoUpload;
import com.llatria.application.posting.PlatformAccounts;
import com.llatria.application.posting.PostingView;
import com.llatria.application.posting.PostingWorker;
import com.llatria.application.posting.Postings;
import com.llatria.application.posting.SaleWatcher;
import com.llatria.domain.fixtures.MutableClock;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PostingMode;
import com.llatria.domain.posting.RetryPolicy;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.user.UserId;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * eBay sale checks on real PostgreSQL against a fake eBay whose getOrders honours its filter:
 * orders eBay shows again, windows holding more orders than one check reads, answers that are
 * not eBay's, and one slow account beside the others. Each test has its own fake (its own order book).
 */
class PlatformSalesTest extends EbayPostingFixture {
    @Test
    void an_old_order_eBay_changes_after_the_item_was_relisted_does_not_sell_it_again() {
        Llatria llatria = instance(Duration.ofSeconds(1));
        Seller s = seller(llatria, "ann");
        String order = postedCheckedThenSoldOnEbay(llatria, s);
        llatria.saleWatcher().runDue();
        assertThat(status(llatria, s)).isEqualTo("sold");
        llatria.postingWorker().runDue(); // the ended eBay listing's posting comes down

        // A return: the seller relists the item, posts it on eBay again and by hand on Facebook.
        clock.advance(Duration.ofMinutes(20));
        llatria.inventory().patch(s.id(), PHONE, s.item(), status("active"), Optional.empty());
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
        llatria.postingWorker().runDue();
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.FACEBOOK, new Postings.PostRequest(Optional.empty(), Optional.of(PostingMode.ASSISTED)));
        llatria.postings().confirm(s.id(), PHONE, s.item(), Platform.FACEBOOK, Optional.of("https://www.facebook.com/marketplace/item/123456789012345/"));
        assertThat(posting(llatria, s, Platform.EBAY).state()).isEqualTo("posted");
        long version = llatria.inventory().get(s.id(), s.item()).item().version();

        // eBay records the refund on the old order: getOrders shows it again, changed now.
        clock.advance(Duration.ofMinutes(5));
        ebay.modify(order, clock.instant());
        clock.advance(Duration.ofMinutes(2));
        assertThat(llatria.saleWatcher().runDue()).isEqualTo(1);

        assertThat(status(llatria, s)).as("the old order is not a new sale").isEqualTo("active");
        assertThat(llatria.inventory().get(s.id(), s.item()).item().version()).isEqualTo(version);
        assertThat(posting(llatria, s, Platform.FACEBOOK).state()).isEqualTo("posted");
        assertThat(posting(llatria, s, Platform.FACEBOOK).task()).isEmpty();

        // A new order of the relisted item is a sale.
        clock.advance(Duration.ofMinutes(1));
        ebay.sell("ann", s.sku(), "44.00", clock.instant());
        clock.advance(Duration.ofMinutes(2));
        llatria.saleWatcher().runDue();
        assertThat(status(llatria, s)).isEqualTo("sold");
        assertThat(posting(llatria, s, Platform.FACEBOOK).task()).contains("remove-from-facebook");
    }

    /**
     * A check that fails on our side gives its lease back short, as the posting jobs do (9.37):
     * PostgreSQL stops after eBay answered, before the sale is written; once it is back the check
     * is due 10 s later, not when the 2-minute lease runs out, and then the sale is found.
     */
    @Test
    void a_check_that_failed_on_a_database_restart_runs_again_seconds_after_the_database_is_back(@TempDir Path dir) throws Exception {
        int port = freePort();
        java.util.concurrent.atomic.AtomicReference<io.zonky.test.db.postgres.embedded.EmbeddedPostgres> database =
                new java.util.concurrent.atomic.AtomicReference<>(startPostgres(dir, port));
        db.close();
        db = com.llatria.adapters.persistence.postgres.PostgresDatabase.pool("jdbc:postgresql://localhost:" + port + "/postgres",
                "postgres", "postgres", 8);
        try {
            Llatria llatria = instance(Duration.ofSeconds(1));
            Seller s = seller(llatria, "ann");
            postedCheckedThenSoldOnEbay(llatria, s);

            // PostgreSQL stops once eBay has told of the sale, before we write it down.
            llatria.saleWatcher().interruptAfterPlatformAnswers((check, outcome) -> {
                try {
                    database.getAndSet(null).close();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(llatria.saleWatcher().runDue()).isEqualTo(1);
            llatria.saleWatcher().interruptAfterPlatformAnswers((check, outcome) -> { });

            database.set(startPostgres(dir, port));
            // The watcher keeps trying to give the check back until the database answers (every second).
            Instant soon = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS).plusSeconds(10);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Instant due = null;
            while (System.nanoTime() < deadline) {
                try (var c = db.getConnection(); var r = c.createStatement().executeQuery(
                        "SELECT due_at FROM platform_sale_checks WHERE lease_until IS NULL")) {
                    due = r.next() ? r.getTimestamp(1).toInstant() : null;
                    if (due != null) break;
                } catch (java.sql.SQLException stillStarting) {
                    // the pool finds the restarted database again
                }
                Thread.sleep(100);
            }
            assertThat(due).as("given back due in 10 s once the database answered, not leased for 2 minutes").isEqualTo(soon);
            assertThat(status(llatria, s)).isEqualTo("active");

            clock.advance(Duration.ofSeconds(11));
            assertThat(llatria.saleWatcher().runDue()).isEqualTo(1);
            assertThat(status(llatria, s)).isEqualTo("sold");
            assertThat(account(llatria, s).salesProblem()).as("our failure is not the seller's problem").isEmpty();
        } finally {
            instances.forEach(Llatria::close);
            instances.clear();
            var running = database.getAndSet(null);
            if (running != null) running.close();
        }
    }

    @Test
    void a_window_with_more_orders_than_one_check_reads_is_read_in_parts_and_no_sale_is_skipped() {
        Llatria llatria = instance(Duration.ofSeconds(1));
        Seller s = seller(llatria, "big");
        llatria.saleWatcher().runDue();
        Instant start = clock.instant();
        int others = 10_050; // more than the 10,000 one check reads, over about 50 minutes
        for (int i = 0; i < others; i++) ebay.sell("big", "SHOP-" + i, "5.00", start.plusMillis(i * 300L));
        ebay.sell("big", s.sku(), "45.00", start.plusMillis(others * 300L + 1000));
        clock.advance(Duration.ofMinutes(53));

        llatria.saleWatcher().runDue();
        PlatformAccounts.Account partly = account(llatria, s);
        assertThat(status(llatria, s)).as("its order is past where the first check got").isEqualTo("active");
        assertThat(partly.salesCheckedUntil()).get().matches(t -> t.isBefore(clock.instant()), "stopped where it got");
        assertThat(partly.salesProblem()).isEmpty();

        assertThat(llatria.saleWatcher().runDue()).as("due again at once, from where it got").isEqualTo(1);
        assertThat(status(llatria, s)).isEqualTo("sold");
        assertThat(account(llatria, s).salesCheckedUntil()).contains(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    /** The item posted to eBay and checked once, then sold there (by "ann") 30 s later, then 2 minutes; returns the order. */
    private String postedCheckedThenSoldOnEbay(Llatria llatria, Seller s) {
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
        llatria.postingWorker().runDue();
        llatria.saleWatcher().runDue();
        clock.advance(Duration.ofSeconds(30));
        String order = ebay.sell("ann", s.sku(), "41.50", clock.instant());
        clock.advance(Duration.ofMinutes(2));
        return order;
    }

    /** A first check, then a sale by the eBay user a minute later, then 30 minutes; returns where that check got to. */
    private Instant checkedThenSoldOnEbay(Llatria llatria, Seller s, String ebayUser) {
        llatria.saleWatcher().runDue();
        Instant checked = account(llatria, s).salesCheckedUntil().orElseThrow();
        clock.advance(Duration.ofMinutes(1));
        ebay.sell(ebayUser, s.sku(), "45.00", clock.instant());
        clock.advance(Duration.ofMinutes(30));
        return checked;
    }

    @Test
    void an_answer_that_is_not_ebays_is_a_failed_check_that_keeps_its_window() {
        Llatria llatria = instance(Duration.ofSeconds(1));
        Seller s = seller(llatria, "ann");
        Instant checked = checkedThenSoldOnEbay(llatria, s, "ann");

        ebay.failNext("GET /sell/fulfillment/v1/order", 200, "<html><body>eBay is down for maintenance</body></html>");
        assertThat(llatria.saleWatcher().runDue()).isEqualTo(1);
        assertThat(status(llatria, s)).isEqualTo("active");
        assertThat(account(llatria, s).salesProblem()).get().asString().contains("not its list of orders");
        assertThat(account(llatria, s).salesCheckedUntil()).as("window kept").contains(checked);

        clock.advance(Duration.ofMinutes(2));
        llatria.saleWatcher().runDue();
        assertThat(status(llatria, s)).isEqualTo("sold");
        assertThat(account(llatria, s).salesProblem()).isEmpty();
    }

    @Test
    void a_page_short_of_the_orders_its_total_promises_or_an_order_whose_lines_are_not_a_list_is_a_failed_check() {
        Llatria llatria = instance(Duration.ofSeconds(1));
        Seller s = seller(llatria, "ann");
        Instant checked = checkedThenSoldOnEbay(llatria, s, "ann");

        for (String body : List.of("{\"total\":1,\"orders\":[]}",
                "{\"total\":1,\"orders\":[{\"orderId\":\"Z1\",\"lineItems\":{\"sku\":\"" + s.sku() + "\"}}]}")) {
            ebay.failNext("GET /sell/fulfillment/v1/order", 200, body);
            assertThat(llatria.saleWatcher().runDue()).isEqualTo(1);
            assertThat(status(llatria, s)).as(body).isEqualTo("active");
            assertThat(account(llatria, s).salesProblem()).as(body).isPresent();
            assertThat(account(llatria, s).salesCheckedUntil()).as("window kept").contains(checked);
            clock.advance(Duration.ofMinutes(2));
        }

        llatria.saleWatcher().runDue();
        assertThat(status(llatria, s)).isEqualTo("sold");
        assertThat(account(llatria, s).salesProblem()).isEmpty();
    }

    @Test
    void one_stalled_account_does_not_hold_up_the_others() throws Exception {
        Llatria llatria = instance(Duration.ofMillis(100));
        Seller slow = seller(llatria, "slow");
        clock.advance(Duration.ofSeconds(1)); // the slow account is due first
        Seller quick = seller(llatria, "quick");
        ebay.sell("quick", quick.sku(), "45.00", clock.instant());
        ebay.holdOrdersOf("slow", Duration.ofSeconds(60));
        try {
            llatria.saleWatcher().start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!status(llatria, quick).equals("sold") && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(status(llatria, quick)).as("sold while the slow account's check still waits on eBay").isEqualTo("sold");
            assertThat(ebay.requests("GET /sell/fulfillment/v1/order")).isGreaterThanOrEqualTo(2);
            assertThat(account(llatria, slow).salesProblem()).as("the slow check has not ended").isEmpty();
        } finally {
            ebay.holdOrdersOf("slow", Duration.ZERO);
        }
    }
}
