package com.llatria.bootstrap.benchmark;

import com.llatria.adapters.persistence.testing.TestPostgres;
import com.llatria.adapters.platforms.ebay.EbayConfig;
import com.llatria.adapters.platforms.fake.FakeEbay;
import com.llatria.adapters.storage.testing.TestImages;
import com.llatria.application.auth.Session;
import com.llatria.application.inventory.ItemInput;
import com.llatria.application.inventory.MoneyInput;
import com.llatria.application.photos.PhotoUpload;
import com.llatria.application.posting.PlatformAccounts;
import com.llatria.application.posting.PostingWorker;
import com.llatria.application.posting.Postings;
import com.llatria.bootstrap.Llatria;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.RetryPolicy;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.user.UserId;
import com.zaxxer.hikari.HikariDataSource;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * N items posted to the fake eBay at once (default 1,000; -Ditems=, -Dconcurrency=): time until
 * all are posted, jobs per second, duplicates (must be none), and what the job table costs the
 * database: transactions and rows touched per job while posting, and one idle poll's plan and
 * time over the whole table.
 */
public final class PostingBenchmark {
    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("items", 1000);
        int concurrency = Integer.getInteger("concurrency", 16);
        DeviceId device = new DeviceId("bench");
        try (FakeEbay ebay = new FakeEbay(); HikariDataSource db = TestPostgres.freshDatabase()) {
            Path photos = Files.createTempDirectory("llatria-bench-");
            Llatria llatria = Llatria.builder().postgres(db).localImages(photos, "https://photos.example.com/files")
                    .jwtSecret("benchmark-secret-that-is-long-enough-0123456789")
                    .ebay(EbayConfig.of(FakeEbay.APP_ID, FakeEbay.CERT_ID, "dev", FakeEbay.RU_NAME, "production", ebay.url(), ebay.url()))
                    .credentialsKey(new byte[32], List.of())
                    .postingJobs(new PostingWorker.Options("bench", Duration.ofMinutes(2), concurrency, Duration.ofSeconds(1),
                            RetryPolicy.DEFAULT))
                    .build();
            Session session = llatria.authentication().register("bench@example.com", "correct horse battery");
            UserId user = session.user().id();
            PlatformAccounts.Consent consent = llatria.platformAccounts().connect(user, Platform.EBAY);
            llatria.platformAccounts().callback(Platform.EBAY, consent.state(), Optional.of(ebay.consent()), Optional.empty());
            llatria.platformAccounts().saveSettings(user, Platform.EBAY, Map.of("fulfillmentPolicyId", "1", "paymentPolicyId", "2",
                    "returnPolicyId", "3", "merchantLocationKey", "home"));
            byte[] jpeg = TestImages.jpeg(64, 48);
            List<ItemId> items = new ArrayList<>();
            System.out.printf("creating %d items with a photo each...%n", n);
            for (int i = 0; i < n; i++) {
                ItemId id = llatria.inventory().create(user, device, Optional.empty(), new ItemInput("Item " + i + " vintage lamp", "",
                        new MoneyInput(new BigDecimal("19.99"), null), "used", "Lamps", null, null, "active")).view().item().id();
                llatria.photos().add(user, device, id, List.of(new PhotoUpload("p.jpg", jpeg.length, () -> jpeg)));
                items.add(id);
            }

            Stats before = Stats.read(db);
            long t0 = System.nanoTime();
            for (ItemId id : items) llatria.postings().post(user, device, id, Platform.EBAY, Postings.PostRequest.DEFAULT);
            long enqueued = System.nanoTime();
            llatria.start();
            while (count(db, "SELECT count(*) FROM platform_postings WHERE state = 'posted'") < n) {
                if (Duration.ofNanos(System.nanoTime() - t0).toMinutes() > 10) throw new IllegalStateException("not done in 10 minutes");
                Thread.sleep(20);
            }
            long done = System.nanoTime();
            Stats after = Stats.read(db);
            llatria.close();

            double seconds = (done - t0) / 1e9;
            double workSeconds = (done - enqueued) / 1e9;
            System.out.printf("items: %d, worker concurrency: %d%n", n, concurrency);
            System.out.printf("enqueue (POST) all: %.2f s (%.1f ms each)%n", (enqueued - t0) / 1e9, (enqueued - t0) / 1e6 / n);
            System.out.printf("all posted after: %.2f s from the first post (%.2f s of job work)%n", seconds, workSeconds);
            System.out.printf("jobs per second: %.1f%n", n / workSeconds);
            System.out.printf("eBay listings created: %d for %d items, most for one SKU: %d, eBay requests: %d%n",
                    ebay.totalListingsCreated(), n, ebay.maxListingsPerSku(), ebay.requests());
            System.out.printf("database during posting+jobs: %.1f transactions per item, %.1f rows updated, %.1f inserted, %.1f fetched%n",
                    (after.commits - before.commits) / (double) n, (after.updated - before.updated) / (double) n,
                    (after.inserted - before.inserted) / (double) n, (after.fetched - before.fetched) / (double) n);
            System.out.println("idle poll over " + n + " postings (nothing due):");
            try (Connection c = db.getConnection(); Statement s = c.createStatement();
                 ResultSet plan = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM platform_postings WHERE due_at <= now()"
                         + " AND (lease_until IS NULL OR lease_until < now()) ORDER BY due_at LIMIT 16 FOR UPDATE SKIP LOCKED")) {
                while (plan.next()) System.out.println("  " + plan.getString(1));
            }
            if (ebay.maxListingsPerSku() != 1 || ebay.totalListingsCreated() != n) throw new IllegalStateException("duplicates or missing listings");
        }
        System.exit(0);
    }

    static long count(HikariDataSource db, String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    record Stats(long commits, long updated, long inserted, long fetched) {
        static Stats read(HikariDataSource db) throws Exception {
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_stat_clear_snapshot()");
                try (ResultSet r = s.executeQuery("SELECT xact_commit, tup_updated, tup_inserted, tup_fetched FROM pg_stat_database"
                        + " WHERE datname = current_database()")) {
                    r.next();
                    return new Stats(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4));
                }
            }
        }
    }
}
