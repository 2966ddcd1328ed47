package com.llatria.adapters.platforms.ebay;

import com.llatria.adapters.platforms.PlatformHttp;
import com.llatria.adapters.platforms.fake.FakeEbay;
import com.llatria.domain.item.Condition;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.Money;
import com.llatria.domain.posting.GrantResult;
import com.llatria.domain.posting.Listing;
import com.llatria.domain.posting.ListingOutcome;
import com.llatria.domain.posting.ListingOutcome.Failure;
import com.llatria.domain.posting.PlatformAccess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EbayListingPublisherTest {
    static final Map<String, String> SETTINGS = Map.of("fulfillmentPolicyId", "6196932000", "paymentPolicyId", "6196933000",
            "returnPolicyId", "6196934000", "merchantLocationKey", "warehouse-1");
    static FakeEbay ebay;
    static EbayConfig config;
    static EbayListingPublisher publisher;
    static EbayAuthorization auth;
    PlatformAccess access;

    @BeforeAll
    static void start() {
        ebay = new FakeEbay();
        config = EbayConfig.of(FakeEbay.APP_ID, FakeEbay.CERT_ID, "dev", FakeEbay.RU_NAME, "sandbox", ebay.url(), ebay.url());
        PlatformHttp http = new PlatformHttp(Duration.ofSeconds(5), Duration.ofSeconds(10));
        publisher = new EbayListingPublisher(config, http);
        auth = new EbayAuthorization(config, http);
    }

    @AfterAll
    static void stop() {
        ebay.close();
    }

    @BeforeEach
    void connect() {
        GrantResult granted = auth.exchange(ebay.consent());
        access = new PlatformAccess(((GrantResult.Granted) granted).grant().accessToken(), SETTINGS);
    }

    static Listing listing(String title) {
        return new Listing(Listing.skuOf(new ItemId(UUID.randomUUID())), title, "Light wash, 32x32.", Money.usd("79.99"),
                Optional.of(Condition.USED), Optional.of("Clothing"), Optional.empty(),
                List.of("https://photos.example.com/a.jpg", "https://photos.example.com/b.jpg"), Map.of());
    }

    @Test
    void a_listing_takes_the_three_calls_with_eBays_condition_a_cut_title_and_a_suggested_leaf_category() {
        Listing listing = listing("Vintage Levi's 501 jeans light wash made in USA button fly 32x32 excellent shape with original tags");

        ListingOutcome outcome = publisher.publish(access, listing, Optional.empty());

        assertThat(outcome).isInstanceOf(ListingOutcome.Published.class);
        ListingOutcome.Published published = (ListingOutcome.Published) outcome;
        assertThat(published.url()).contains("https://sandbox.ebay.com/itm/" + published.listingId());
        assertThat(published.externalRef()).contains(ebay.offerFor(listing.sku()).offerId);
        var item = ebay.inventoryItem(listing.sku());
        assertThat(item.path("condition").asText()).isEqualTo("USED_GOOD");
        assertThat(item.path("product").path("title").asText()).isEqualTo("Vintage Levi's 501 jeans light wash made in USA button fly 32x32 excellent shape");
        assertThat(ebay.offerFor(listing.sku()).body.path("categoryId").asText()).isEqualTo(FakeEbay.LEAF_CATEGORY);
        assertThat(ebay.offerFor(listing.sku()).body.path("pricingSummary").path("price").path("value").asText()).isEqualTo("79.99");
        assertThat(ebay.listingsCreated(listing.sku())).isEqualTo(1);
    }

    @Test
    void an_answer_whose_body_stalls_is_a_timeout_within_the_deadline_not_a_wait_for_ever() {
        EbayListingPublisher impatient = new EbayListingPublisher(config, new PlatformHttp(Duration.ofSeconds(5), Duration.ofSeconds(1)));
        ebay.stallBodyNext("PUT /sell/inventory/v1/inventory_item/", Duration.ofSeconds(6));
        long start = System.nanoTime();

        ListingOutcome outcome = impatient.publish(access, listing("Lamp"), Optional.empty());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThat(outcome).isInstanceOf(ListingOutcome.Failed.class);
        assertThat(((ListingOutcome.Failed) outcome).kind()).isEqualTo(Failure.TRANSIENT);
    }

    @Test
    void a_bare_404_on_a_take_down_proves_nothing_and_is_retried_only_ebays_not_found_counts_as_gone() {
        Listing listing = listing("Lamp");
        ListingOutcome.Published live = (ListingOutcome.Published) publisher.publish(access, listing, Optional.empty());
        ebay.failNext("POST /sell/inventory/v1/offer/", 404, null);

        ListingOutcome outcome = publisher.remove(access, listing.sku(), live.externalRef());

        assertThat(outcome).isInstanceOf(ListingOutcome.Failed.class);
        assertThat(((ListingOutcome.Failed) outcome).kind()).isEqualTo(Failure.TRANSIENT);
        assertThat(ebay.liveListings(listing.sku())).isEqualTo(1);
        assertThat(publisher.remove(access, listing.sku(), live.externalRef())).isInstanceOf(ListingOutcome.Removed.class);
        assertThat(publisher.remove(access, listing.sku(), live.externalRef())).as("eBay's own not-found: gone").isInstanceOf(ListingOutcome.Removed.class);
    }

    @Test
    void a_long_error_from_eBay_is_cleaned_and_cut() {
        ebay.failNext("POST /sell/inventory/v1/offer/", 400, "{\"errors\":[{\"errorId\":25019,\"category\":\"APPLICATION\","
                + "\"longMessage\":\"<b>Bad</b>\\u0000 " + "A".repeat(5000) + "\"}]}");

        ListingOutcome.Failed failed = (ListingOutcome.Failed) publisher.publish(access, listing("Lamp"), Optional.empty());

        assertThat(failed.kind()).isEqualTo(Failure.PERMANENT);
        assertThat(failed.message().length()).isLessThan(700);
        assertThat(failed.message()).doesNotContain("\u0000").contains("(error 25019)");
    }

    @Test
    void the_category_tree_id_is_asked_once_for_many_listings() {
        EbayListingPublisher fresh = new EbayListingPublisher(config, new PlatformHttp(Duration.ofSeconds(5), Duration.ofSeconds(10)));
        int before = ebay.requests("GET /commerce/taxonomy/v1/get_default_category_tree_id");
        for (int i = 0; i < 3; i++) {
            assertThat(fresh.publish(access, listing("Lamp " + i), Optional.empty())).isInstanceOf(ListingOutcome.Published.class);
        }
        assertThat(ebay.requests("GET /commerce/taxonomy/v1/get_default_category_tree_id") - before).isEqualTo(1);
        assertThat(ebay.requests("GET /commerce/taxonomy/v1/category_tree/0/get_category_suggestions")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void an_attempt_that_lost_its_offer_id_reuses_the_offer_eBay_already_has_25002() {
        Listing listing = listing("Lamp");
        ListingOutcome.Published first = (ListingOutcome.Published) publisher.publish(access, listing, Optional.empty());

        // as if the first attempt died before we stored anything
        ListingOutcome.Published again = (ListingOutcome.Published) publisher.publish(access, listing, Optional.empty());

        assertThat(again.listingId()).isEqualTo(first.listingId());
        assertThat(again.externalRef()).isEqualTo(first.externalRef());
        assertThat(ebay.listingsCreated(listing.sku())).isEqualTo(1);
    }

    @Test
    void a_system_error_25001_is_transient_and_the_retry_succeeds_with_one_listing() {
        Listing listing = listing("Chair");
        ebay.failNext("POST /sell/inventory/v1/offer", 500, FakeEbay.systemError(25001));

        ListingOutcome failed = publisher.publish(access, listing, Optional.empty());
        ListingOutcome retried = publisher.publish(access, listing, Optional.empty());

        assertThat(failed).isInstanceOf(ListingOutcome.Failed.class);
        assertThat(((ListingOutcome.Failed) failed).kind()).isEqualTo(Failure.TRANSIENT);
        assertThat(((ListingOutcome.Failed) failed).message()).contains("25001").contains("trying again later");
        assertThat(retried).isInstanceOf(ListingOutcome.Published.class);
        assertThat(ebay.listingsCreated(listing.sku())).isEqualTo(1);
    }

    @Test
    void a_failed_publish_keeps_the_offer_id_it_created_for_the_retry() {
        Listing listing = listing("Desk");
        ebay.failNext("POST /sell/inventory/v1/offer/", 503, null);

        ListingOutcome.Failed failed = (ListingOutcome.Failed) publisher.publish(access, listing, Optional.empty());

        assertThat(failed.kind()).isEqualTo(Failure.TRANSIENT);
        assertThat(failed.externalRef()).contains(ebay.offerFor(listing.sku()).offerId);
        ListingOutcome retried = publisher.publish(access, listing, failed.externalRef());
        assertThat(retried).isInstanceOf(ListingOutcome.Published.class);
        assertThat(ebay.listingsCreated(listing.sku())).isEqualTo(1);
    }

    @Test
    void a_timeout_is_transient() {
        EbayListingPublisher impatient = new EbayListingPublisher(config, new PlatformHttp(Duration.ofSeconds(5), Duration.ofMillis(300)));
        ebay.delayNext("PUT /sell/inventory/v1/inventory_item/", Duration.ofMillis(1500));

        ListingOutcome.Failed failed = (ListingOutcome.Failed) impatient.publish(access, listing("Rug"), Optional.empty());

        assertThat(failed.kind()).isEqualTo(Failure.TRANSIENT);
        assertThat(failed.message()).contains("did not answer");
    }

    @Test
    void an_expired_token_1001_asks_for_a_refresh_and_the_refreshed_token_works() {
        ebay.expireAccessTokens();
        Listing listing = listing("Mirror");

        ListingOutcome.Failed failed = (ListingOutcome.Failed) publisher.publish(access, listing, Optional.empty());
        assertThat(failed.kind()).isEqualTo(Failure.TOKEN_EXPIRED);

        connect();
        assertThat(publisher.publish(access, listing, Optional.empty())).isInstanceOf(ListingOutcome.Published.class);
    }

    @Test
    void warnings_on_a_200_are_kept() {
        ebay.warnOnNextPublish("Item specifics are recommended: Brand");

        ListingOutcome.Published published = (ListingOutcome.Published) publisher.publish(access, listing("Vase"), Optional.empty());

        assertThat(published.warnings()).singleElement().asString().contains("Brand").contains("25401");
    }

    @Test
    void a_non_leaf_category_chosen_by_the_seller_is_a_permanent_failure_in_eBays_words() {
        Listing base = listing("Boots");
        Listing listing = new Listing(base.sku(), base.title(), base.description(), base.price(), base.condition(), base.category(),
                Optional.of(FakeEbay.NON_LEAF_CATEGORY), base.photoUrls(), base.aspects());

        ListingOutcome.Failed failed = (ListingOutcome.Failed) publisher.publish(access, listing, Optional.empty());

        assertThat(failed.kind()).isEqualTo(Failure.PERMANENT);
        assertThat(failed.message()).contains("not a leaf category").contains("25005");
    }

    @Test
    void photos_that_are_not_public_https_fail_with_the_exact_reason_before_calling_eBay() {
        Listing base = listing("Table");
        Listing local = new Listing(base.sku(), base.title(), base.description(), base.price(), base.condition(), base.category(),
                base.categoryId(), List.of("/files/users/u/inventory/i/original_1.jpg"), base.aspects());
        int before = ebay.requests();

        ListingOutcome.Failed failed = (ListingOutcome.Failed) publisher.publish(access, local, Optional.empty());

        assertThat(failed.kind()).isEqualTo(Failure.PERMANENT);
        assertThat(failed.message()).contains("public HTTPS").contains("/files/users").contains("PUBLIC_BASE_URL").contains("S3_BUCKET_NAME");
        assertThat(ebay.requests()).isEqualTo(before);
    }

    @Test
    void missing_business_policies_are_named() {
        PlatformAccess bare = new PlatformAccess(access.accessToken(), Map.of("merchantLocationKey", "w"));

        ListingOutcome.Failed failed = (ListingOutcome.Failed) publisher.publish(bare, listing("Shelf"), Optional.empty());

        assertThat(failed.message()).contains("fulfillmentPolicyId, paymentPolicyId, returnPolicyId").doesNotContain("merchantLocationKey");
    }

    @Test
    void a_revision_updates_the_same_listing_and_a_take_down_ends_it_even_twice() {
        Listing listing = listing("Bike");
        ListingOutcome.Published first = (ListingOutcome.Published) publisher.publish(access, listing, Optional.empty());
        Listing cheaper = new Listing(listing.sku(), "Bike, red", listing.description(), Money.usd("59.00"), listing.condition(),
                listing.category(), listing.categoryId(), listing.photoUrls(), listing.aspects());

        ListingOutcome.Published revised = (ListingOutcome.Published) publisher.publish(access, cheaper, first.externalRef());

        assertThat(revised.listingId()).isEqualTo(first.listingId());
        assertThat(ebay.offerFor(listing.sku()).revisions).isGreaterThanOrEqualTo(1);
        assertThat(ebay.offerFor(listing.sku()).body.path("pricingSummary").path("price").path("value").asText()).isEqualTo("59.00");

        assertThat(publisher.remove(access, listing.sku(), first.externalRef())).isInstanceOf(ListingOutcome.Removed.class);
        assertThat(ebay.offerFor(listing.sku())).isNull();
        assertThat(publisher.remove(access, listing.sku(), first.externalRef())).isInstanceOf(ListingOutcome.Removed.class);
    }

    @Test
    void conditions_map_to_eBays_words_with_no_plain_used() {
        assertThat(List.of(Condition.values()).stream().map(EbayListingPublisher::condition))
                .containsExactly("NEW", "LIKE_NEW", "USED_GOOD", "USED_ACCEPTABLE", "FOR_PARTS_OR_NOT_WORKING");
    }
}
