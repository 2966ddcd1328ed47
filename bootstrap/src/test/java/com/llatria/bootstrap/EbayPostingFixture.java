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
 * A server on real PostgreSQL posting to a fake eBay of its own, with sellers that have an eBay
 * account connected and an active item with a photo: what the posting tests share.
 */
abstract class EbayPostingFixture {
    static final DeviceId PHONE = new DeviceId("phone");
    static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(30), Duration.ofMinutes(10), 4);

    @TempDir
    Path photos;
    HikariDataSource db;
    MutableClock clock;
    FakeEbay ebay;
    final List<Llatria> instances = new ArrayList<>();

    @BeforeEach
    void start() {
        db = TestPostgres.freshDatabase();
        clock = new MutableClock(Instant.now());
        ebay = new FakeEbay();
    }

    @AfterEach
    void stop() {
        instances.forEach(Llatria::close);
        ebay.close();
        db.close();
    }

    Llatria instance(Duration poll) {
        Llatria llatria = Llatria.builder().postgres(db).localImages(photos, "https://photos.example.com/files").jwtSecret(ServerFixture.SECRET)
                .clock(clock)
                .ebay(EbayConfig.of(FakeEbay.APP_ID, FakeEbay.CERT_ID, "dev", FakeEbay.RU_NAME, "production", ebay.url(), ebay.url()))
                .credentialsKey(new byte[32], List.of())
                .platformHttp(new PlatformHttp(Duration.ofSeconds(5), Duration.ofSeconds(120)))
                .postingJobs(new PostingWorker.Options("w", Duration.ofMinutes(2), 4, Duration.ofSeconds(1), POLICY))
                .saleChecks(new SaleWatcher.Options("w", Duration.ofMinutes(2), Duration.ofMinutes(2), poll))
                .build();
        instances.add(llatria);
        return llatria;
    }

    /** An embedded PostgreSQL on {@code port} keeping its data in {@code dir}, so that a test can stop it and start it again. */
    static io.zonky.test.db.postgres.embedded.EmbeddedPostgres startPostgres(Path dir, int port) throws java.io.IOException {
        return io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg"))
                .setCleanDataDirectory(false).setPort(port).start();
    }

    static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    record Seller(UserId id, ItemId item) {
        String sku() {
            return "LL-" + item.value();
        }
    }

    /** A seller with the eBay account {@code ebayAccount} connected and one active item with a photo. */
    Seller seller(Llatria llatria, String ebayAccount) {
        Session session = llatria.authentication().register("s-" + java.util.UUID.randomUUID() + "@example.com", "correct horse battery");
        UserId user = session.user().id();
        PlatformAccounts.Consent consent = llatria.platformAccounts().connect(user, Platform.EBAY);
        llatria.platformAccounts().callback(Platform.EBAY, consent.state(), Optional.of(ebay.consent(ebayAccount)), Optional.empty(),
                PlatformAccounts.CallbackProof.browser(consent.binding()));
        llatria.platformAccounts().saveSettings(user, Platform.EBAY, Map.of("fulfillmentPolicyId", "1", "paymentPolicyId", "2",
                "returnPolicyId", "3", "merchantLocationKey", "home"));
        ItemId item = llatria.inventory().create(user, PHONE, Optional.empty(), new ItemInput("Vintage Levi's 501 jeans", "32x32",
                new MoneyInput(new BigDecimal("45.00"), null), "used", "Jeans", null, null, "active")).view().item().id();
        byte[] jpeg = TestImages.jpeg(320, 240);
        llatria.photos().add(user, PHONE, item, List.of(new PhotoUpload("a.jpg", jpeg.length, () -> jpeg)));
        return new Seller(user, item);
    }

    String status(Llatria llatria, Seller s) {
        return llatria.inventory().get(s.id(), s.item()).item().status().wireName();
    }

    PostingView posting(Llatria llatria, Seller s, Platform platform) {
        return llatria.postings().list(s.id(), s.item()).stream().filter(p -> p.platform() == platform).findFirst().orElseThrow();
    }

    PlatformAccounts.Account account(Llatria llatria, Seller s) {
        return llatria.platformAccounts().list(s.id()).stream().filter(a -> a.platform() == Platform.EBAY).findFirst().orElseThrow();
    }

    static ItemPatch status(String value) {
        return new ItemPatch(ItemPatch.Field.keep(), ItemPatch.Field.keep(), ItemPatch.Field.keep(), ItemPatch.Field.keep(),
                ItemPatch.Field.keep(), ItemPatch.Field.keep(), ItemPatch.Field.keep(), new ItemPatch.Field.Set<>(value),
                ItemPatch.Field.keep(), ItemPatch.Field.keep(), ItemPatch.Field.keep());
    }
}
