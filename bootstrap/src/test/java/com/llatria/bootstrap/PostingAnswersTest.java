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
 * What the posting jobs make of eBay answers they cannot simply store (over-long ids) or that
 * refuse a revision of a live listing, on real PostgreSQL against a fake eBay of its own.
 */
class PostingAnswersTest extends EbayPostingFixture {
    @Test
    void a_listing_id_too_long_to_keep_ends_the_job_in_error_saying_the_listing_may_be_live_and_a_sale_still_takes_it_down() {
        Llatria llatria = instance(Duration.ofSeconds(1));
        Seller s = seller(llatria, "ann");
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
        ebay.failNext("POST /sell/inventory/v1/offer/", 200, "{\"listingId\":\"" + "9".repeat(3000) + "\",\"warnings\":[]}");

        assertThat(llatria.postingWorker().runDue()).isEqualTo(1);
        PostingView failed = posting(llatria, s, Platform.EBAY);
        assertThat(failed.state()).as("not left posting for ever").isEqualTo("error");
        assertThat(failed.error()).get().asString().contains("may be live on eBay");
        assertThat(failed.reason()).contains("unusable-answer");
        assertThat(failed.nextRetryAt()).isEmpty();
        assertThat(llatria.postingWorker().runDue()).as("no job runs it again").isZero();

        llatria.inventory().markSold(s.id(), PHONE, s.item(), new com.llatria.application.inventory.SaleInput(null, null, "facebook"));
        assertThat(posting(llatria, s, Platform.EBAY).state()).isEqualTo("removing");
        llatria.postingWorker().runDue();
        assertThat(posting(llatria, s, Platform.EBAY).state()).isEqualTo("idle");
        assertThat(ebay.inventoryItem(s.sku())).as("the SKU, and every offer of it, deleted on eBay").isNull();
        assertThat(ebay.offerFor(s.sku())).isNull();
    }

    @Test
    void a_publish_answer_with_a_null_listing_id_is_not_taken_for_a_listing() {
        Llatria llatria = instance(Duration.ofSeconds(1));
        Seller s = seller(llatria, "nia");
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
        ebay.failNext("POST /sell/inventory/v1/offer/", 200, "{\"listingId\":null,\"warnings\":[]}");

        llatria.postingWorker().runDue();
        PostingView view = posting(llatria, s, Platform.EBAY);
        assertThat(view.state()).as("no listing is known").isNotEqualTo("posted");
        assertThat(view.listingId()).isEmpty();
        assertThat(view.url()).isEmpty();
    }

    @Test
    void a_listing_id_that_is_not_a_positive_number_is_not_taken_for_a_listing() {
        Llatria llatria = instance(Duration.ofSeconds(1));
        for (String id : List.of("\"null\"", "\"-\"", "\"...\"", "0", "-5", "\"0110553512330\"", "1" + "0".repeat(40))) {
            Seller s = seller(llatria, "odd" + Math.abs(id.hashCode()));
            llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
            ebay.failNext("POST /sell/inventory/v1/offer/", 200, "{\"listingId\":" + id + ",\"warnings\":[]}");

            llatria.postingWorker().runDue();
            PostingView view = posting(llatria, s, Platform.EBAY);
            assertThat(view.state()).as(id).isEqualTo("error");
            assertThat(view.reason()).as(id).contains("unusable-answer");
            assertThat(view.listingId()).as(id).isEmpty();
            assertThat(view.url()).as(id).isEmpty();
        }
        Seller fine = seller(llatria, "fine");
        llatria.postings().post(fine.id(), PHONE, fine.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
        ebay.failNext("POST /sell/inventory/v1/offer/", 200, "{\"listingId\":110553512330,\"warnings\":[]}");
        llatria.postingWorker().runDue();
        assertThat(posting(llatria, fine, Platform.EBAY).listingId()).as("a number is eBay's id").contains("110553512330");
    }

    @Test
    void an_offer_id_that_is_not_one_is_never_used_in_an_address_and_ends_the_job_in_error() {
        Llatria llatria = instance(Duration.ofSeconds(1));
        Seller s = seller(llatria, "ann");
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
        ebay.failNext("POST /sell/inventory/v1/offer", 201, "{\"offerId\":\"../../inventory_item/" + "1".repeat(3000) + "\"}");

        llatria.postingWorker().runDue();
        PostingView failed = posting(llatria, s, Platform.EBAY);
        assertThat(failed.state()).isEqualTo("error");
        assertThat(failed.detail()).get().asString().contains("offer id that is not one");
        assertThat(failed.reason()).contains("unusable-answer");
        assertThat(ebay.requests("POST /sell/inventory/v1/offer/")).as("no publish of it").isZero();
    }

    @Test
    void a_failure_carries_a_stable_reason_words_for_the_seller_and_the_detail_apart() {
        Llatria llatria = instance(Duration.ofSeconds(1));
        Seller s = seller(llatria, "ann");
        Map<String, String> erase = new java.util.HashMap<>();
        erase.put("fulfillmentPolicyId", null);
        erase.put("returnPolicyId", null);
        erase.put("merchantLocationKey", null);
        llatria.platformAccounts().saveSettings(s.id(), Platform.EBAY, erase);
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
        llatria.postingWorker().runDue();

        PostingView missing = posting(llatria, s, Platform.EBAY);
        assertThat(missing.reason()).contains("missing-settings");
        assertThat(missing.error()).contains("eBay needs your shipping policy, return policy and item location before it can list. "
                + "Add them in your eBay settings, then post again.");
        assertThat(missing.detail()).get().asString().contains("fulfillmentPolicyId").contains("merchantLocationKey");

        llatria.platformAccounts().saveSettings(s.id(), Platform.EBAY, Map.of("fulfillmentPolicyId", "1", "returnPolicyId", "3",
                "merchantLocationKey", "home"));
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, new Postings.PostRequest(Optional.of(FakeEbay.NON_LEAF_CATEGORY),
                Optional.empty()));
        llatria.postingWorker().runDue();
        PostingView refused = posting(llatria, s, Platform.EBAY);
        assertThat(refused.reason()).contains("platform-refused");
        assertThat(refused.error()).get().asString().startsWith("eBay did not accept the listing: The category ID you entered is not a leaf");
        assertThat(refused.detail()).get().asString().contains("(error 25005)");
    }

    @Test
    void a_refused_revision_leaves_the_listing_posted_with_its_link_and_shows_what_was_refused() throws Exception {
        Llatria llatria = instance(Duration.ofSeconds(1));
        Seller s = seller(llatria, "ann");
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
        llatria.postingWorker().runDue();
        PostingView live = posting(llatria, s, Platform.EBAY);
        assertThat(live.url()).isPresent();

        ItemPatch cheaper = new ItemPatch(ItemPatch.Field.keep(), ItemPatch.Field.keep(),
                new ItemPatch.Field.Set<>(new MoneyInput(new BigDecimal("0.50"), null)), ItemPatch.Field.keep(), ItemPatch.Field.keep(),
                ItemPatch.Field.keep(), ItemPatch.Field.keep(), ItemPatch.Field.keep(), ItemPatch.Field.keep(), ItemPatch.Field.keep(),
                ItemPatch.Field.keep());
        llatria.inventory().patch(s.id(), PHONE, s.item(), cheaper, Optional.empty());
        ebay.failNext("POST /sell/inventory/v1/offer/", 400, PlatformHttp.JSON.writeValueAsString(FakeEbay.errors(25019, "API_INVENTORY",
                "REQUEST", "The price is below the minimum for this category.", null, null)));
        llatria.postingWorker().runDue();

        PostingView refused = posting(llatria, s, Platform.EBAY);
        assertThat(refused.state()).as("the listing is still live").isEqualTo("posted");
        assertThat(refused.url()).isEqualTo(live.url());
        assertThat(refused.listingId()).isEqualTo(live.listingId());
        assertThat(refused.reason()).contains("revision-refused");
        assertThat(refused.error()).get().asString().startsWith("Your listing on eBay is still up as it was, but eBay did not accept "
                + "the change: The price is below the minimum");
        assertThat(refused.detail()).get().asString().contains("(error 25019)");
        assertThat(refused.warnings()).isEmpty();
        assertThat(ebay.liveListings(s.sku())).isEqualTo(1);

        // Posting again revises it; the refusal is gone once eBay takes the change.
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
        llatria.postingWorker().runDue();
        PostingView revised = posting(llatria, s, Platform.EBAY);
        assertThat(revised.state()).isEqualTo("posted");
        assertThat(revised.reason()).isEmpty();
        assertThat(revised.error()).isEmpty();
    }
}
