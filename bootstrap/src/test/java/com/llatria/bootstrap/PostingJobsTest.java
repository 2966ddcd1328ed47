package com.llatria.bootstrap;

import com.llatria.adapters.persistence.testing.TestPostgres;
import com.llatria.adapters.platforms.ebay.EbayConfig;
import com.llatria.adapters.platforms.fake.FakeEbay;
import com.llatria.adapters.storage.testing.TestImages;
import com.llatria.application.auth.Session;
import com.llatria.application.inventory.BulkAction;
import com.llatria.application.inventory.ItemInput;
import com.llatria.application.inventory.MoneyInput;
import com.llatria.application.inventory.SaleInput;
import com.llatria.application.photos.PhotoUpload;
import com.llatria.application.posting.PlatformAccounts;
import com.llatria.application.posting.PostingView;
import com.llatria.application.posting.PostingWorker;
import com.llatria.application.posting.Postings;
import com.llatria.application.posting.SaleWatcher;
import com.llatria.domain.fixtures.MutableClock;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.posting.CredentialStatus;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PostingMode;
import com.llatria.domain.posting.RetryPolicy;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.user.UserId;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
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
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The posting jobs on real PostgreSQL against a fake eBay: retries, token refresh, crashes
 * between the platform's answer and our write, two server instances sharing one database, and
 * take-downs when an item sells. The jobs run when a test says so ({@code runDue}), on a clock
 * the test moves, so nothing here waits for time to pass.
 */
class PostingJobsTest {
    static final FakeEbay EBAY = new FakeEbay();
    static final DeviceId PHONE = new DeviceId("phone");
    static final byte[] KEY = new byte[32];
    static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(30), Duration.ofMinutes(10), 4);

    @TempDir
    Path photos;
    HikariDataSource db;
    MutableClock clock;
    final List<Llatria> instances = new ArrayList<>();

    @BeforeEach
    void database() {
        db = TestPostgres.freshDatabase();
        clock = new MutableClock(Instant.now());
    }

    @AfterEach
    void stop() {
        instances.forEach(Llatria::close);
        db.close();
    }

    @AfterAll
    static void stopFake() {
        EBAY.close();
    }

    Llatria instance(String name) {
        return instance(name, "https://photos.example.com/files");
    }

    Llatria instance(String name, String photoUrlPrefix) {
        return instance(name, photoUrlPrefix, KEY, List.of());
    }

    Llatria instance(String name, String photoUrlPrefix, byte[] key, List<byte[]> previousKeys) {
        Llatria llatria = Llatria.builder().postgres(db).localImages(photos, photoUrlPrefix).jwtSecret(ServerFixture.SECRET)
                .clock(clock)
                .ebay(EbayConfig.of(FakeEbay.APP_ID, FakeEbay.CERT_ID, "dev", FakeEbay.RU_NAME, "production", EBAY.url(), EBAY.url()))
                .credentialsKey(key, previousKeys)
                .postingJobs(new PostingWorker.Options(name, Duration.ofMinutes(2), 4, Duration.ofSeconds(1), POLICY))
                .saleChecks(new SaleWatcher.Options(name, Duration.ofMinutes(2), Duration.ofMinutes(2), Duration.ofSeconds(1)))
                .build();
        instances.add(llatria);
        return llatria;
    }

    record Seller(UserId id, ItemId item) {
    }

    /** A seller with eBay connected and one active item with a photo. */
    Seller seller(Llatria llatria) {
        Session session = llatria.authentication().register("s-" + java.util.UUID.randomUUID() + "@example.com", "correct horse battery");
        UserId user = session.user().id();
        PlatformAccounts.Consent consent = llatria.platformAccounts().connect(user, Platform.EBAY);
        llatria.platformAccounts().callback(Platform.EBAY, consent.state(), Optional.of(EBAY.consent()), Optional.empty(),
                PlatformAccounts.CallbackProof.browser(consent.binding()));
        llatria.platformAccounts().saveSettings(user, Platform.EBAY, Map.of("fulfillmentPolicyId", "1", "paymentPolicyId", "2",
                "returnPolicyId", "3", "merchantLocationKey", "home"));
        ItemId item = llatria.inventory().create(user, PHONE, Optional.empty(), new ItemInput("Vintage Levi's 501 jeans", "32x32",
                new MoneyInput(new BigDecimal("45.00"), null), "used", "Jeans", null, null, "active")).view().item().id();
        byte[] jpeg = TestImages.jpeg(320, 240);
        llatria.photos().add(user, PHONE, item, List.of(new PhotoUpload("a.jpg", jpeg.length, () -> jpeg)));
        return new Seller(user, item);
    }

    PostingView ebay(Llatria llatria, Seller s) {
        return llatria.postings().list(s.id(), s.item()).stream().filter(p -> p.platform() == Platform.EBAY).findFirst().orElseThrow();
    }

    static String sku(Seller s) {
        return "LL-" + s.item().value();
    }

    @Test
    void a_job_killed_after_eBay_answered_and_before_our_write_is_rerun_after_a_restart_and_lists_once() {
        Llatria first = instance("instance-a");
        Seller s = seller(first);
        first.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
        first.postingWorker().interruptAfterPlatformAnswers((posting, outcome) -> {
            throw new PostingWorker.SimulatedCrash();
        });

        first.postingWorker().runDue();
        assertThat(EBAY.liveListings(sku(s))).isEqualTo(1);
        assertThat(ebay(first, s).state()).isEqualTo("posting");
        first.close();

        Llatria restarted = instance("instance-a-restarted");
        assertThat(restarted.postingWorker().runDue()).as("the dead worker's lease still holds").isZero();
        clock.advance(Duration.ofMinutes(3));
        assertThat(restarted.postingWorker().runDue()).isEqualTo(1);

        PostingView posted = ebay(restarted, s);
        assertThat(posted.state()).isEqualTo("posted");
        assertThat(EBAY.listingsCreated(sku(s))).isEqualTo(1);
        assertThat(posted.listingId()).contains(EBAY.offerFor(sku(s)).listingId);
    }

    @Test
    void a_job_that_fails_unexpectedly_gives_its_lease_back_short_and_is_run_again_seconds_later() throws Exception {
        Llatria llatria = instance("w");
        Seller s = seller(llatria);
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
        // Our side fails after eBay answered (as a write to a database that is away for a moment does).
        llatria.postingWorker().interruptAfterPlatformAnswers((posting, outcome) -> {
            throw new IllegalStateException("no database connection");
        });

        assertThat(llatria.postingWorker().runDue()).isEqualTo(1);
        assertThat(ebay(llatria, s).state()).isEqualTo("posting");
        assertThat(EBAY.liveListings(sku(s))).isEqualTo(1);
        assertThat(leaseUntil()).as("given back for 10 s, not held for the 2-minute lease")
                .isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS).plusSeconds(10));
        assertThat(llatria.postingWorker().runDue()).as("not rerun on every poll").isZero();

        llatria.postingWorker().interruptAfterPlatformAnswers((posting, outcome) -> { });
        clock.advance(Duration.ofSeconds(11));
        assertThat(llatria.postingWorker().runDue()).isEqualTo(1);
        assertThat(ebay(llatria, s).state()).isEqualTo("posted");
        assertThat(EBAY.listingsCreated(sku(s))).as("the rerun found the listing the first run made").isEqualTo(1);
    }

    @Test
    void a_take_down_that_failed_on_a_database_restart_runs_again_seconds_after_the_database_is_back(@TempDir Path dir) throws Exception {
        int port = EbayPostingFixture.freePort();
        java.util.concurrent.atomic.AtomicReference<io.zonky.test.db.postgres.embedded.EmbeddedPostgres> database =
                new java.util.concurrent.atomic.AtomicReference<>(EbayPostingFixture.startPostgres(dir, port));
        db.close();
        db = com.llatria.adapters.persistence.postgres.PostgresDatabase.pool("jdbc:postgresql://localhost:" + port + "/postgres",
                "postgres", "postgres", 8);
        try {
            Llatria llatria = instance("w");
            Seller s = seller(llatria);
            llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
            llatria.postingWorker().runDue();
            assertThat(ebay(llatria, s).state()).isEqualTo("posted");
            llatria.inventory().markSold(s.id(), PHONE, s.item(), new SaleInput(null, null, null));
            assertThat(ebay(llatria, s).state()).isEqualTo("removing");

            // PostgreSQL stops once eBay has taken the listing down, before we write that down.
            llatria.postingWorker().interruptAfterPlatformAnswers((posting, outcome) -> {
                try {
                    database.getAndSet(null).close();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(llatria.postingWorker().runDue()).isEqualTo(1);
            llatria.postingWorker().interruptAfterPlatformAnswers((posting, outcome) -> { });
            assertThat(EBAY.liveListings(sku(s))).isZero();

            database.set(EbayPostingFixture.startPostgres(dir, port));
            // The worker keeps trying to give the job back until the database answers (every second).
            Instant soon = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS).plusSeconds(10);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Instant lease = null;
            while (System.nanoTime() < deadline) {
                try {
                    lease = leaseUntil();
                    if (!lease.isAfter(soon)) break;
                } catch (java.sql.SQLException stillStarting) {
                    // the pool finds the restarted database again
                }
                Thread.sleep(100);
            }
            assertThat(lease).as("given back for 10 s once the database answered, not held for 2 minutes").isEqualTo(soon);

            clock.advance(Duration.ofSeconds(11));
            assertThat(llatria.postingWorker().runDue()).isEqualTo(1);
            assertThat(ebay(llatria, s).state()).as("eBay's 'already gone' ends it").isEqualTo("idle");
        } finally {
            instances.forEach(Llatria::close);
            instances.clear();
            var running = database.getAndSet(null);
            if (running != null) running.close();
        }
    }

    Instant leaseUntil() throws java.sql.SQLException {
        try (var c = db.getConnection(); var r = c.createStatement().executeQuery("SELECT lease_until FROM platform_postings")) {
            return r.next() && r.getTimestamp(1) != null ? r.getTimestamp(1).toInstant() : null;
        }
    }

    @Test
    void two_instances_on_one_database_post_the_same_item_once() throws Exception {
        Llatria a = instance("instance-a");
        Llatria b = instance("instance-b");
        Seller s = seller(a);
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<PostingView>> posts = new ArrayList<>();
            for (Llatria instance : List.of(a, b)) {
                posts.add(threads.submit(() -> {
                    together.await();
                    return instance.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
                }));
            }
            assertThat(posts.get(0).get().id()).isEqualTo(posts.get(1).get().id());
            for (int round = 0; round < 3; round++) {
                List<Future<Integer>> runs = new ArrayList<>();
                for (Llatria instance : List.of(a, b)) {
                    runs.add(threads.submit((Callable<Integer>) () -> {
                        together.await();
                        return instance.postingWorker().runDue();
                    }));
                }
                int ran = runs.get(0).get() + runs.get(1).get();
                assertThat(ran).as("round %d", round).isLessThanOrEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(ebay(b, s).state()).isEqualTo("posted");
        assertThat(EBAY.listingsCreated(sku(s))).isEqualTo(1);
    }

    /** Another active item with a photo for the seller. */
    Seller anotherItem(Llatria llatria, UserId user, String title) {
        ItemId item = llatria.inventory().create(user, PHONE, Optional.empty(), new ItemInput(title, "as shown",
                new MoneyInput(new BigDecimal("25.00"), null), "used", "Jeans", null, null, "active")).view().item().id();
        byte[] jpeg = TestImages.jpeg(320, 240);
        llatria.photos().add(user, PHONE, item, List.of(new PhotoUpload("a.jpg", jpeg.length, () -> jpeg)));
        return new Seller(user, item);
    }

    void runUntilIdle(Llatria llatria) {
        for (int i = 0; i < 5 && llatria.postingWorker().runDue() > 0; i++) {
            // each round may make the next job due at once (a publish turned into a take-down)
        }
    }

    @Test
    void a_deactivated_account_gets_no_new_listing_and_its_live_listings_come_down() {
        Llatria llatria = instance("w");
        Seller posted = seller(llatria);
        llatria.postings().post(posted.id(), PHONE, posted.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
        llatria.postingWorker().runDue();
        assertThat(ebay(llatria, posted).state()).isEqualTo("posted");
        Seller retrying = anotherItem(llatria, posted.id(), "Oak stool");
        EBAY.failNext("POST /sell/inventory/v1/offer", 500, FakeEbay.systemError(25001));
        llatria.postings().post(posted.id(), PHONE, retrying.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
        llatria.postingWorker().runDue();
        assertThat(ebay(llatria, retrying).state()).isEqualTo("error");
        assertThat(ebay(llatria, retrying).nextRetryAt()).isPresent();

        llatria.authentication().deactivate(posted.id(), "correct horse battery");
        assertThat(ebay(llatria, posted).state()).as("taken down with the deactivation").isEqualTo("removing");
        assertThat(ebay(llatria, retrying).state()).as("its retry is a take-down now").isEqualTo("removing");
        clock.advance(Duration.ofMinutes(5));
        runUntilIdle(llatria);
        assertThat(EBAY.liveListings(sku(posted))).isZero();
        assertThat(EBAY.listingsCreated(sku(retrying))).as("the pending retry published nothing").isZero();
        assertThat(ebay(llatria, posted).state()).isEqualTo("idle");
        assertThat(ebay(llatria, retrying).state()).isEqualTo("idle");

        // A post that reaches the database after the account closed (another instance still
        // answering from its cache of active accounts) is taken down, never published.
        Seller late = anotherItem(llatria, posted.id(), "Brass lamp");
        llatria.postings().post(posted.id(), PHONE, late.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
        runUntilIdle(llatria);
        assertThat(EBAY.listingsCreated(sku(late))).isZero();
        assertThat(EBAY.liveListings(sku(late))).isZero();
        assertThat(ebay(llatria, late).state()).isEqualTo("idle");
    }

    @Test
    void a_post_racing_the_deactivation_is_never_published() throws Exception {
        Llatria llatria = instance("w");
        Seller s = seller(llatria); // nothing posted yet: the deactivation has no listing to take down
        // While the deactivation's transaction is open (after its list of live postings), the
        // seller's other device posts and a worker runs the job, as another instance would.
        ExecutorService device = Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.atomic.AtomicReference<Future<?>> racing = new java.util.concurrent.atomic.AtomicReference<>();
            llatria.authentication().onDeactivation(user -> {
                racing.set(device.submit(() -> {
                    llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
                    return llatria.postingWorker().runDue();
                }));
                try {
                    // Fixed: the post waits for the deactivation to commit, so this wait runs out.
                    racing.get().get(3, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException waitingForTheDeactivation) {
                    // as it should
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            llatria.authentication().deactivate(s.id(), "correct horse battery");
            racing.get().get(30, java.util.concurrent.TimeUnit.SECONDS);
            runUntilIdle(llatria);
        } finally {
            device.shutdownNow();
        }

        assertThat(EBAY.liveListings(sku(s))).as("nothing live for the closed account").isZero();
        assertThat(EBAY.listingsCreated(sku(s))).as("nothing published after the account closed").isZero();
        assertThat(ebay(llatria, s).state()).isEqualTo("idle");
    }

    @Test
    void a_system_error_is_retried_with_backoff_and_a_500_too_then_it_is_posted_once() {
        Llatria llatria = instance("w");
        Seller s = seller(llatria);
        EBAY.failNext("POST /sell/inventory/v1/offer", 500, FakeEbay.systemError(25001));
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);

        llatria.postingWorker().runDue();
        PostingView failed = ebay(llatria, s);
        assertThat(failed.state()).isEqualTo("error");
        assertThat(failed.detail()).get().asString().contains("25001").contains("trying again later");
        assertThat(failed.reason()).contains("platform-unavailable");
        assertThat(failed.error()).get().asString().isEqualTo("eBay is not answering properly right now; Llatria tries again by itself.");
        assertThat(failed.nextRetryAt()).contains(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS).plusSeconds(30));
        assertThat(llatria.postingWorker().runDue()).as("not before its time").isZero();

        EBAY.failNext("POST /sell/inventory/v1/offer/", 503, null);
        clock.advance(Duration.ofSeconds(31));
        llatria.postingWorker().runDue();
        assertThat(ebay(llatria, s).attempts()).isEqualTo(2);
        assertThat(ebay(llatria, s).nextRetryAt()).isPresent();

        clock.advance(Duration.ofMinutes(2));
        llatria.postingWorker().runDue();
        assertThat(ebay(llatria, s).state()).isEqualTo("posted");
        assertThat(EBAY.listingsCreated(sku(s))).isEqualTo(1);
    }

    @Test
    void a_refused_listing_ends_in_error_with_eBays_words_and_is_not_retried() {
        Llatria llatria = instance("w");
        Seller s = seller(llatria);
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, new Postings.PostRequest(Optional.of(FakeEbay.NON_LEAF_CATEGORY), Optional.empty()));

        llatria.postingWorker().runDue();

        PostingView failed = ebay(llatria, s);
        assertThat(failed.state()).isEqualTo("error");
        assertThat(failed.error()).get().asString().contains("not a leaf category");
        assertThat(failed.nextRetryAt()).isEmpty();
        clock.advance(Duration.ofHours(2));
        assertThat(llatria.postingWorker().runDue()).isZero();
    }

    @Test
    void an_expired_token_is_refreshed_once_and_the_posting_goes_through() {
        Llatria llatria = instance("w");
        Seller s = seller(llatria);
        EBAY.expireAccessTokens();
        int refreshesBefore = (int) EBAY.tokenRequests().stream().filter("refresh_token"::equals).count();
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);

        llatria.postingWorker().runDue();

        assertThat(ebay(llatria, s).state()).isEqualTo("posted");
        assertThat(EBAY.tokenRequests().stream().filter("refresh_token"::equals).count()).isEqualTo(refreshesBefore + 1);
    }

    @Test
    void a_refused_refresh_marks_the_account_for_reconnection_and_says_so() {
        Llatria llatria = instance("w");
        Seller s = seller(llatria);
        EBAY.expireAccessTokens();
        EBAY.revokeRefreshTokens();
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);

        llatria.postingWorker().runDue();

        assertThat(ebay(llatria, s).state()).isEqualTo("error");
        assertThat(ebay(llatria, s).detail()).get().asString().contains("connect again");
        assertThat(ebay(llatria, s).reason()).contains("reconnect");
        PlatformAccounts.Account account = llatria.platformAccounts().list(s.id()).get(0);
        assertThat(account.status()).isEqualTo(CredentialStatus.NEEDS_RECONNECTION);
        assertThat(account.problem()).get().asString().contains("invalid_grant");
    }

    @Test
    void sold_in_a_bulk_action_takes_every_other_listing_down_and_a_failing_take_down_is_retried_and_shown() {
        Llatria llatria = instance("w");
        Seller s = seller(llatria);
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.FACEBOOK, new Postings.PostRequest(Optional.empty(), Optional.of(PostingMode.ASSISTED)));
        llatria.postingWorker().runDue();
        assertThat(EBAY.liveListings(sku(s))).isEqualTo(1);

        EBAY.failNext("DELETE /sell/inventory/v1/inventory_item/", 500, FakeEbay.systemError(25001));
        llatria.inventory().bulk(s.id(), PHONE, BulkAction.MARK_SOLD, List.of(s.item()), SaleInput.now());

        assertThat(ebay(llatria, s).state()).isEqualTo("removing");
        PostingView facebook = llatria.postings().list(s.id(), s.item()).stream().filter(p -> p.platform() == Platform.FACEBOOK).findFirst().orElseThrow();
        assertThat(facebook.task()).contains("remove-from-facebook");
        llatria.postingWorker().runDue();
        PostingView failing = ebay(llatria, s);
        assertThat(failing.state()).isEqualTo("removing");
        assertThat(failing.detail()).get().asString().contains("25001");
        assertThat(failing.error()).get().asString().contains("tries again to take the listing down");
        assertThat(failing.nextRetryAt()).isPresent();

        clock.advance(Duration.ofSeconds(31));
        llatria.postingWorker().runDue();
        assertThat(ebay(llatria, s).state()).isEqualTo("idle");
        assertThat(EBAY.liveListings(sku(s))).isZero();
    }

    @Test
    void sold_on_eBay_takes_the_eBay_listing_down_too_so_no_posting_shows_a_dead_listing_live() {
        Llatria llatria = instance("w");
        Seller s = seller(llatria);
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
        llatria.postingWorker().runDue();
        String first = ebay(llatria, s).listingId().orElseThrow();

        // Said to be sold on eBay (a buyer found it there, paid in person): the listing is still up on eBay.
        llatria.inventory().markSold(s.id(), PHONE, s.item(), new SaleInput(null, null, "ebay"));
        assertThat(ebay(llatria, s).state()).isEqualTo("removing");
        llatria.postingWorker().runDue();
        assertThat(ebay(llatria, s).state()).isEqualTo("idle");
        assertThat(EBAY.liveListings(sku(s))).isZero();

        // Relisted and posted again: a new listing, not the old sold one.
        llatria.inventory().bulk(s.id(), PHONE, BulkAction.RELIST, List.of(s.item()), SaleInput.now());
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
        llatria.postingWorker().runDue();
        assertThat(ebay(llatria, s).state()).isEqualTo("posted");
        assertThat(ebay(llatria, s).listingId()).get().isNotEqualTo(first);
        assertThat(EBAY.liveListings(sku(s))).isEqualTo(1);
    }

    @Test
    void photos_that_are_not_public_https_end_the_posting_with_the_exact_reason() {
        Llatria llatria = instance("w", "/files");
        Seller s = seller(llatria);
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);

        llatria.postingWorker().runDue();

        PostingView failed = ebay(llatria, s);
        assertThat(failed.state()).isEqualTo("error");
        assertThat(failed.detail()).get().asString().contains("public HTTPS").contains("PUBLIC_BASE_URL").contains("S3_BUCKET_NAME");
        assertThat(failed.reason()).contains("photos-not-public");
        assertThat(failed.error()).get().asString().contains("public web addresses").doesNotContain("PUBLIC_BASE_URL");
        assertThat(EBAY.listingsCreated(sku(s))).isZero();
    }

    @Test
    void every_posting_change_is_a_versioned_item_change_announced_after_commit() {
        Llatria llatria = instance("w");
        Seller s = seller(llatria);
        List<com.llatria.domain.sync.ChangeLogEntry> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (var subscription = llatria.events().subscribe(events::add)) {
            long before = llatria.inventory().get(s.id(), s.item()).item().version();
            PostingView posting = llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
            llatria.postingWorker().runDue();
            PostingView posted = ebay(llatria, s);

            long after = llatria.inventory().get(s.id(), s.item()).item().version();
            assertThat(posting.version()).isGreaterThan(before);
            assertThat(posted.version()).isGreaterThan(posting.version()).isEqualTo(after);
            assertThat(events).filteredOn(e -> e.kind() == com.llatria.domain.sync.ChangeKind.POSTING)
                    .extracting(com.llatria.domain.sync.ChangeLogEntry::version).containsExactly(posting.version(), posted.version());
            assertThat(events).filteredOn(e -> e.version() == posted.version()).extracting(com.llatria.domain.sync.ChangeLogEntry::device)
                    .containsExactly(PostingWorker.DEVICE);
        }
    }

    @Test
    void a_new_photo_revises_the_live_listing() {
        Llatria llatria = instance("w");
        Seller s = seller(llatria);
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
        llatria.postingWorker().runDue();
        assertThat(EBAY.inventoryItem(sku(s)).at("/product/imageUrls").size()).isEqualTo(1);

        byte[] jpeg = TestImages.jpeg(300, 200);
        llatria.photos().add(s.id(), PHONE, s.item(), List.of(new PhotoUpload("b.jpg", jpeg.length, () -> jpeg)));
        assertThat(ebay(llatria, s).state()).isEqualTo("posting");
        llatria.postingWorker().runDue();

        assertThat(ebay(llatria, s).state()).isEqualTo("posted");
        assertThat(EBAY.inventoryItem(sku(s)).at("/product/imageUrls").size()).isEqualTo(2);
        assertThat(EBAY.listingsCreated(sku(s))).isEqualTo(1);
    }

    @Test
    void after_a_key_rotation_old_tokens_still_work_and_without_the_old_key_the_seller_is_asked_to_reconnect() {
        Seller s = seller(instance("before-rotation"));
        byte[] newKey = new byte[32];
        newKey[0] = 1;

        Llatria rotated = instance("rotated", "https://photos.example.com/files", newKey, List.of(KEY));
        rotated.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
        rotated.postingWorker().runDue();
        assertThat(ebay(rotated, s).state()).isEqualTo("posted");

        Llatria keyLost = instance("key-lost", "https://photos.example.com/files", newKey, List.of());
        keyLost.postings().takeDown(s.id(), PHONE, s.item(), Platform.EBAY);
        keyLost.postingWorker().runDue();
        assertThat(ebay(keyLost, s).detail()).get().asString().contains("connect again");
        assertThat(ebay(keyLost, s).error()).get().asString().contains("Connect eBay again");
        assertThat(keyLost.platformAccounts().list(s.id()).get(0).status()).isEqualTo(CredentialStatus.NEEDS_RECONNECTION);
    }

    String item(Llatria llatria, Seller s) {
        return llatria.inventory().get(s.id(), s.item()).item().status().wireName();
    }

    @Test
    void a_sale_on_eBay_found_by_the_sale_check_marks_the_item_sold_once_and_takes_the_other_listings_down() {
        Llatria llatria = instance("w");
        Seller s = seller(llatria);
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.FACEBOOK, new Postings.PostRequest(Optional.empty(), Optional.of(PostingMode.ASSISTED)));
        llatria.postingWorker().runDue();
        assertThat(llatria.saleWatcher().runDue()).as("checked once on connecting").isEqualTo(1);

        clock.advance(Duration.ofSeconds(30));
        String order = EBAY.sell(sku(s), "41.50", clock.instant());
        assertThat(llatria.saleWatcher().runDue()).as("not due yet").isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(llatria.saleWatcher().runDue()).isEqualTo(1);

        var sold = llatria.inventory().get(s.id(), s.item()).item();
        assertThat(sold.status().wireName()).isEqualTo("sold");
        assertThat(sold.lifecycle().sale().orElseThrow().channel()).contains(com.llatria.domain.item.SalesChannel.EBAY);
        assertThat(sold.lifecycle().sale().orElseThrow().soldPrice()).contains(com.llatria.domain.item.Money.usd("41.50"));
        PostingView facebook = llatria.postings().list(s.id(), s.item()).stream().filter(p -> p.platform() == Platform.FACEBOOK).findFirst().orElseThrow();
        assertThat(facebook.task()).contains("remove-from-facebook");
        // eBay ended its listing; the posting does not stay "posted" on it (finding 9.38).
        assertThat(ebay(llatria, s).state()).isEqualTo("removing");
        llatria.postingWorker().runDue();
        assertThat(ebay(llatria, s).state()).as("the ended offer's withdraw counts as gone").isEqualTo("idle");

        // The next check reads the order again (the overlap): nothing changes.
        long version = llatria.inventory().get(s.id(), s.item()).item().version();
        clock.advance(Duration.ofMinutes(2));
        assertThat(llatria.saleWatcher().runDue()).isEqualTo(1);
        assertThat(llatria.inventory().get(s.id(), s.item()).item().version()).isEqualTo(version);
        assertThat(order).isNotBlank();
    }

    @Test
    void a_check_that_fails_keeps_its_place_shows_why_and_finds_the_sale_later_with_a_refreshed_token() {
        Llatria llatria = instance("w");
        Seller s = seller(llatria);
        llatria.saleWatcher().runDue();

        clock.advance(Duration.ofMinutes(3));
        EBAY.sell(sku(s), "45.00", clock.instant());
        EBAY.denyOrders(true);
        try {
            llatria.saleWatcher().runDue();
        } finally {
            EBAY.denyOrders(false);
        }
        PlatformAccounts.Account account = llatria.platformAccounts().list(s.id()).get(0);
        assertThat(account.salesProblem()).get().asString().contains("connect eBay again");
        assertThat(account.status()).as("posting still works").isEqualTo(CredentialStatus.CONNECTED);
        assertThat(item(llatria, s)).isEqualTo("active");

        clock.advance(Duration.ofHours(1));
        EBAY.expireAccessTokens();
        assertThat(llatria.saleWatcher().runDue()).isEqualTo(1);
        assertThat(item(llatria, s)).isEqualTo("sold");
        assertThat(llatria.platformAccounts().list(s.id()).get(0).salesProblem()).isEmpty();
    }

    @Test
    void another_sellers_sku_in_an_order_sells_nothing_and_a_cancelled_order_is_not_a_sale() {
        Llatria llatria = instance("w");
        Seller ann = seller(llatria);
        Seller bob = seller(llatria);
        llatria.saleWatcher().runDue();
        clock.advance(Duration.ofMinutes(3));
        // The fake keeps one order book: both of its accounts read every order, as if Ann's eBay listed Bob's SKU.
        EBAY.sell(sku(bob), "10.00", clock.instant());
        String cancelled = EBAY.sell(sku(ann), "10.00", clock.instant());
        EBAY.cancel(cancelled, clock.instant());
        llatria.platformAccounts().disconnect(bob.id(), Platform.EBAY);

        assertThat(llatria.saleWatcher().runDue()).as("only Ann is connected").isEqualTo(1);

        assertThat(item(llatria, ann)).isEqualTo("active");
        assertThat(item(llatria, bob)).isEqualTo("active");
    }

    @Test
    void two_instances_check_an_account_once_at_a_time() throws Exception {
        Llatria a = instance("instance-a");
        Llatria b = instance("instance-b");
        seller(a);
        seller(a);
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (Llatria instance : List.of(a, b)) {
                runs.add(threads.submit(() -> {
                    together.await();
                    return instance.saleWatcher().runDue();
                }));
            }
            assertThat(runs.get(0).get() + runs.get(1).get()).isEqualTo(2);
        } finally {
            threads.shutdownNow();
        }
        assertThat(a.saleWatcher().runDue() + b.saleWatcher().runDue()).as("both checked, next due in 2 minutes").isZero();
    }

    String leaseOwner() throws java.sql.SQLException {
        try (var c = db.getConnection(); var r = c.createStatement().executeQuery("SELECT lease_owner FROM platform_postings")) {
            return r.next() ? r.getString(1) : null;
        }
    }

    @Test
    void a_job_that_outlasts_its_lease_keeps_it_so_no_other_instance_runs_it_beside() throws Exception {
        // Real time here: the lease (3 s) must run out on the wall clock while eBay is slow (7 s).
        Llatria a = Llatria.builder().postgres(db).localImages(photos, "https://photos.example.com/files").jwtSecret(ServerFixture.SECRET)
                .ebay(EbayConfig.of(FakeEbay.APP_ID, FakeEbay.CERT_ID, "dev", FakeEbay.RU_NAME, "production", EBAY.url(), EBAY.url()))
                .credentialsKey(KEY, List.of())
                .postingJobs(new PostingWorker.Options("slow-a", Duration.ofSeconds(3), 4, Duration.ofSeconds(1), POLICY)).build();
        Llatria b = Llatria.builder().postgres(db).localImages(photos, "https://photos.example.com/files").jwtSecret(ServerFixture.SECRET)
                .ebay(EbayConfig.of(FakeEbay.APP_ID, FakeEbay.CERT_ID, "dev", FakeEbay.RU_NAME, "production", EBAY.url(), EBAY.url()))
                .credentialsKey(KEY, List.of())
                .postingJobs(new PostingWorker.Options("slow-b", Duration.ofSeconds(3), 4, Duration.ofSeconds(1), POLICY)).build();
        instances.add(a);
        instances.add(b);
        Seller s = seller(a);
        a.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
        EBAY.delayNext("PUT /sell/inventory/v1/inventory_item/" + sku(s), Duration.ofSeconds(7));
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> slow = thread.submit(() -> a.postingWorker().runDue());
            while (!"slow-a".equals(leaseOwner()) && !slow.isDone()) Thread.sleep(20); // a holds the job before b tries
            int stolen = 0;
            while (!slow.isDone()) {
                stolen += b.postingWorker().runDue();
                Thread.sleep(200);
            }
            assertThat(slow.get()).isEqualTo(1);
            assertThat(stolen).as("instance b claimed the job while a was still running it").isZero();
        } finally {
            thread.shutdownNow();
        }
        assertThat(ebay(a, s).state()).isEqualTo("posted");
        assertThat(EBAY.listingsCreated(sku(s))).isEqualTo(1);
    }

    @Test
    void sold_on_eBay_while_its_posting_waits_to_retry_takes_the_attempt_down_instead_of_publishing_it() {
        Llatria llatria = instance("w");
        Seller s = seller(llatria);
        EBAY.failNext("POST /sell/inventory/v1/offer", 500, FakeEbay.systemError(25001));
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
        llatria.postingWorker().runDue();
        assertThat(ebay(llatria, s).state()).isEqualTo("error");

        llatria.inventory().markSold(s.id(), PHONE, s.item(), new SaleInput(null, null, "ebay"));
        assertThat(ebay(llatria, s).state()).isEqualTo("removing");
        clock.advance(Duration.ofMinutes(5));
        llatria.postingWorker().runDue();

        assertThat(ebay(llatria, s).state()).isEqualTo("idle");
        assertThat(EBAY.liveListings(sku(s))).isZero();
    }

    @Test
    void back_to_draft_takes_the_listings_down() {
        Llatria llatria = instance("w");
        Seller s = seller(llatria);
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
        llatria.postingWorker().runDue();
        assertThat(EBAY.liveListings(sku(s))).isEqualTo(1);

        llatria.inventory().update(s.id(), PHONE, s.item(), new ItemInput("Vintage Levi's 501 jeans", "32x32",
                new MoneyInput(new BigDecimal("45.00"), null), "used", "Jeans", null, null, "draft"), Optional.empty());
        assertThat(ebay(llatria, s).state()).isEqualTo("removing");
        llatria.postingWorker().runDue();

        assertThat(ebay(llatria, s).state()).isEqualTo("idle");
        assertThat(EBAY.liveListings(sku(s))).isZero();
    }

    @Test
    void sold_through_facebook_before_the_assisted_post_was_confirmed_asks_to_remove_it_not_to_post_it() {
        Llatria llatria = instance("w");
        Seller s = seller(llatria);
        llatria.postings().post(s.id(), PHONE, s.item(), Platform.FACEBOOK, new Postings.PostRequest(Optional.empty(), Optional.of(PostingMode.ASSISTED)));

        llatria.inventory().markSold(s.id(), PHONE, s.item(), new SaleInput(null, null, "facebook"));

        PostingView facebook = llatria.postings().list(s.id(), s.item()).stream().filter(p -> p.platform() == Platform.FACEBOOK).findFirst().orElseThrow();
        assertThat(facebook.state()).isEqualTo("removing");
        assertThat(facebook.task()).contains("remove-from-facebook");
    }

    @Test
    void a_slow_token_refresh_holds_no_database_connection_so_other_sellers_are_served() throws Exception {
        Llatria llatria = Llatria.builder().postgres(db).localImages(photos, "https://photos.example.com/files").jwtSecret(ServerFixture.SECRET)
                .clock(clock)
                .ebay(EbayConfig.of(FakeEbay.APP_ID, FakeEbay.CERT_ID, "dev", FakeEbay.RU_NAME, "production", EBAY.url(), EBAY.url()))
                .credentialsKey(KEY, List.of())
                .postingJobs(new PostingWorker.Options("many", Duration.ofMinutes(2), 12, Duration.ofSeconds(1), POLICY)).build();
        instances.add(llatria);
        Seller ann = seller(llatria);
        for (int i = 0; i < 11; i++) {
            ItemId item = llatria.inventory().create(ann.id(), PHONE, Optional.empty(), new ItemInput("Lamp " + i, "",
                    new MoneyInput(new BigDecimal("5.00"), null), "used", "Lamps", null, null, "active")).view().item().id();
            llatria.postings().post(ann.id(), PHONE, item, Platform.EBAY, Postings.PostRequest.DEFAULT);
        }
        llatria.postings().post(ann.id(), PHONE, ann.item(), Platform.EBAY, Postings.PostRequest.DEFAULT);
        UserId bob = llatria.authentication().register("bob-" + java.util.UUID.randomUUID() + "@example.com", "correct horse battery")
                .user().id();
        clock.advance(Duration.ofHours(2)); // Ann's access token has run out: every job refreshes first
        EBAY.delayNext("POST /identity/v1/oauth2/token", Duration.ofSeconds(5));
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> jobs = thread.submit(() -> llatria.postingWorker().runDue());
            Thread.sleep(1_000); // the twelve jobs are waiting for the one refresh

            long start = System.nanoTime();
            llatria.inventory().create(bob, PHONE, Optional.empty(), new ItemInput("Bob's chair", "",
                    new MoneyInput(new BigDecimal("9.00"), null), "used", "Chairs", null, null, "active"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("Bob waited for a connection").isLessThan(Duration.ofSeconds(2));
            assertThat(jobs.get()).isEqualTo(12);
        } finally {
            thread.shutdownNow();
        }
        assertThat(EBAY.tokenRequests().stream().filter("refresh_token"::equals).count()).as("one refresh for twelve jobs").isGreaterThanOrEqualTo(1);
        assertThat(ebay(llatria, ann).state()).isEqualTo("posted");
    }
}
