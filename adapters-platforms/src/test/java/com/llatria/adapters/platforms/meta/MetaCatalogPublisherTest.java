package com.llatria.adapters.platforms.meta;

import com.llatria.adapters.platforms.PlatformHttp;
import com.llatria.adapters.platforms.fake.FakeMeta;
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
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MetaCatalogPublisherTest {
    static FakeMeta meta;
    static MetaAuthorization auth;
    static MetaCatalogPublisher publisher;

    @BeforeAll
    static void start() {
        meta = new FakeMeta();
        MetaConfig config = MetaConfig.of(FakeMeta.APP_ID, FakeMeta.APP_SECRET, meta.graphUrl(), "https://llatria.example/cb")
                .withPolling(Duration.ofMillis(10), 5);
        PlatformHttp http = new PlatformHttp(Duration.ofSeconds(5), Duration.ofSeconds(10));
        auth = new MetaAuthorization(config, http);
        publisher = new MetaCatalogPublisher(config, http);
    }

    @AfterAll
    static void stop() {
        meta.close();
    }

    PlatformAccess connect() {
        GrantResult.Granted granted = (GrantResult.Granted) auth.exchange(meta.consent());
        assertThat(granted.grant().accessLifetime()).isGreaterThan(Duration.ofDays(50));
        assertThat(granted.grant().account()).contains("Ann Seller");
        return new PlatformAccess(granted.grant().accessToken(), Map.of("catalogId", "1234567890",
                "storefrontUrl", "https://shop.example.com/items/{sku}"));
    }

    static Listing listing() {
        return new Listing(Listing.skuOf(new ItemId(UUID.randomUUID())), "Lamp", "Brass", Money.usd("20.00"),
                Optional.of(Condition.LIKE_NEW), Optional.empty(), Optional.empty(), List.of("https://p.example/1.jpg"), Map.of());
    }

    @Test
    void an_item_goes_into_the_catalog_by_sku_after_the_batch_finishes_and_comes_out_again() {
        PlatformAccess access = connect();
        Listing listing = listing();

        ListingOutcome outcome = publisher.publish(access, listing, Optional.empty());
        publisher.publish(access, listing, Optional.empty());

        assertThat(outcome).isInstanceOf(ListingOutcome.Published.class);
        assertThat(meta.catalog("1234567890")).containsOnlyKeys(listing.sku());
        assertThat(meta.catalog("1234567890").get(listing.sku()).path("condition").asText()).isEqualTo("used_like_new");
        assertThat(meta.catalog("1234567890").get(listing.sku()).path("price").asText()).isEqualTo("20.00 USD");
        assertThat(meta.catalog("1234567890").get(listing.sku()).path("link").asText())
                .isEqualTo("https://shop.example.com/items/" + listing.sku());

        assertThat(publisher.remove(access, listing.sku(), Optional.empty())).isInstanceOf(ListingOutcome.Removed.class);
        assertThat(meta.catalog("1234567890")).doesNotContainKey(listing.sku());
    }

    @Test
    void a_product_links_to_the_sellers_shop_never_to_a_photo_and_without_a_shop_the_seller_is_told_what_to_set() {
        PlatformAccess connected = connect();
        PlatformAccess noShop = new PlatformAccess(connected.accessToken(), Map.of("catalogId", "1234567890"));
        Listing listing = listing();

        ListingOutcome.Failed failed = (ListingOutcome.Failed) publisher.publish(noShop, listing, Optional.empty());
        assertThat(failed.kind()).isEqualTo(Failure.PERMANENT);
        assertThat(failed.message()).contains("storefrontUrl").contains("assisted");
        assertThat(meta.catalog("1234567890")).doesNotContainKey(listing.sku());

        PlatformAccess plainShop = new PlatformAccess(connected.accessToken(), Map.of("catalogId", "1234567890",
                "storefrontUrl", "https://shop.example.com/"));
        assertThat(publisher.publish(plainShop, listing, Optional.empty())).isInstanceOf(ListingOutcome.Published.class);
        assertThat(meta.catalog("1234567890").get(listing.sku()).path("link").asText())
                .isEqualTo("https://shop.example.com/?sku=" + listing.sku())
                .isNotEqualTo(listing.photoUrls().get(0));
    }

    @Test
    void a_take_down_goes_to_the_catalog_the_item_was_put_in_even_after_the_setting_changed() {
        PlatformAccess first = connect();
        Listing listing = listing();
        ListingOutcome.Published published = (ListingOutcome.Published) publisher.publish(first, listing, Optional.empty());
        assertThat(published.externalRef()).contains("1234567890");

        PlatformAccess moved = new PlatformAccess(first.accessToken(), Map.of("catalogId", "5550001",
                "storefrontUrl", "https://shop.example.com/items/{sku}"));
        assertThat(publisher.remove(moved, listing.sku(), published.externalRef())).isInstanceOf(ListingOutcome.Removed.class);

        assertThat(meta.catalog("1234567890")).doesNotContainKey(listing.sku());
    }

    @Test
    void a_batch_that_finishes_with_errors_is_a_permanent_failure_with_metas_message() {
        PlatformAccess access = connect();
        meta.failNextBatch("The price is missing or invalid");

        ListingOutcome.Failed failed = (ListingOutcome.Failed) publisher.publish(access, listing(), Optional.empty());

        assertThat(failed.kind()).isEqualTo(Failure.PERMANENT);
        assertThat(failed.message()).contains("price is missing");
    }

    @Test
    void an_expired_token_means_reconnect_and_throttling_means_later() {
        PlatformAccess access = connect();
        meta.failNext("POST /v20.0/1234567890/items_batch", 400, "{\"error\":{\"message\":\"Application request limit reached\",\"type\":\"OAuthException\",\"code\":4}}");
        assertThat(((ListingOutcome.Failed) publisher.publish(access, listing(), Optional.empty())).kind()).isEqualTo(Failure.TRANSIENT);

        meta.expireTokens();
        ListingOutcome.Failed expired = (ListingOutcome.Failed) publisher.publish(access, listing(), Optional.empty());
        assertThat(expired.kind()).isEqualTo(Failure.RECONNECT);
        assertThat(auth.refresh("anything", List.of())).isInstanceOf(GrantResult.Refused.class);
    }

    @Test
    void without_a_catalog_id_the_seller_is_told_what_to_set() {
        ListingOutcome.Failed failed = (ListingOutcome.Failed) publisher.publish(new PlatformAccess("t", Map.of()), listing(), Optional.empty());

        assertThat(failed.message()).contains("catalogId");
    }
}
