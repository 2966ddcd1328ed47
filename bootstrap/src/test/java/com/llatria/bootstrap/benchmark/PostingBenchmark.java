package com.llatria.bootstrap.benchmark;

import com.llatria.adapters.persistence.postgres.PostgresDatabase;
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

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * N items posted to the fake eBay at once (default 1,000; -Ditems=, -Dconcurrency=, -Dpool=),
 * with the server's defaults (8 jobs at once, a pool of 10 connections): the worker runs while
 * the posts come in, as on a server. Reports the time until all are posted, jobs per second,
 * duplicates (must be none), the statements each job costs (counted at the JDBC driver, split
 * into job-queue statements and the rest), the posting table's own counters (scans, rows read,
 * updates), the claim query's plan when 1,000 jobs are due and when none is, and a wall-clock
 * profile: where the job threads spent their time, sampled every 10 ms.
 */
public final class PostingBenchmark {
    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("items", 1000);
        int concurrency = Integer.getInteger("concurrency", 8);
        int poolSize = Integer.getInteger("pool", 10);
        int latencyMs = Integer.getInteger("ebayLatencyMs", 0);
        Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        DeviceId device = new DeviceId("bench");
        String dbName = "bench_" + System.nanoTime();
        try (Connection c = TestPostgres.server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + dbName);
        }
        try (FakeEbay ebay = new FakeEbay();
             HikariDataSource pool = PostgresDatabase.pool(TestPostgres.jdbcUrl(dbName), "postgres", "postgres", poolSize)) {
            ebay.latency(Duration.ofMillis(latencyMs));
            Counting db = new Counting(pool);
            Path photos = Files.createTempDirectory("llatria-bench-");
            Llatria llatria = Llatria.builder().postgres(db.proxy()).localImages(photos, "https://photos.example.com/files")
                    .jwtSecret("benchmark-secret-that-is-long-enough-0123456789")
                    .rateLimits(com.llatria.adapters.web.RateLimiting.Limits.OFF) // 1,000 posts at once from one user
                    .ebay(EbayConfig.of(FakeEbay.APP_ID, FakeEbay.CERT_ID, "dev", FakeEbay.RU_NAME, "production", ebay.url(), ebay.url()))
                    .credentialsKey(new byte[32], List.of())
                    .postingJobs(new PostingWorker.Options("bench", Duration.ofMinutes(2), concurrency, Duration.ofSeconds(1),
                            RetryPolicy.DEFAULT))
                    .build();
            Session session = llatria.authentication().register("bench@example.com", "correct horse battery");
            UserId user = session.user().id();
            PlatformAccounts.Consent consent = llatria.platformAccounts().connect(user, Platform.EBAY);
            llatria.platformAccounts().callback(Platform.EBAY, consent.state(), Optional.of(ebay.consent()), Optional.empty(),
                PlatformAccounts.CallbackProof.browser(consent.binding()));
            llatria.platformAccounts().saveSettings(user, Platform.EBAY, Map.of("fulfillmentPolicyId", "1", "paymentPolicyId", "2",
                    "returnPolicyId", "3", "merchantLocationKey", "home"));

            long s0 = System.nanoTime();
            List<ItemId> items = seed(llatria, pool, user, device, n);
            System.out.printf("seeded %d items with a photo each in %.1f s%n", n, (System.nanoTime() - s0) / 1e9);

            Stats before = Stats.read(pool);
            db.reset();
            Sampler sampler = new Sampler();
            long busyBefore = ebay.busy().toNanos();
            int requestsBefore = ebay.requests();
            llatria.start();
            sampler.start();
            long t0 = System.nanoTime();
            for (ItemId id : items) llatria.postings().post(user, device, id, Platform.EBAY, Postings.PostRequest.DEFAULT);
            long enqueued = System.nanoTime();
            while (count(pool, "SELECT count(*) FROM platform_postings WHERE state = 'posted'") < n) {
                if (Duration.ofNanos(System.nanoTime() - t0).toMinutes() > 10) throw new IllegalStateException("not done in 10 minutes");
                Thread.sleep(20);
            }
            long done = System.nanoTime();
            sampler.stop();
            Stats after = Stats.read(pool);
            llatria.close();

            double seconds = (done - t0) / 1e9;
            System.out.printf("items: %d, worker concurrency: %d, pool: %d, fake eBay latency: %d ms, load average at the end: %s%n",
                    n, concurrency, poolSize, latencyMs, Files.readString(Path.of("/proc/loadavg")).trim());
            System.out.printf("posting all %d (POST, one after the other, worker running): %.2f s (%.1f ms each)%n", n,
                    (enqueued - t0) / 1e9, (enqueued - t0) / 1e6 / n);
            System.out.printf("all posted %.2f s after the first post: %.1f jobs/s%n", seconds, n / seconds);
            System.out.printf("eBay listings created: %d for %d items, most for one SKU: %d; eBay requests: %d (%.1f per job),"
                            + " fake eBay busy %.1f s in all%n", ebay.totalListingsCreated(), n, ebay.maxListingsPerSku(),
                    ebay.requests() - requestsBefore, (ebay.requests() - requestsBefore) / (double) n,
                    (ebay.busy().toNanos() - busyBefore) / 1e9);
            System.out.printf("statements per item: %.1f in all (%.1f by the posts, %.1f by the job threads, %.1f by the claim loop);"
                            + " %.0f statements/s%n", db.total() / (double) n, db.byThread("main") / (double) n,
                    db.byThread("posting-job-") / (double) n, db.byThread("posting-jobs-") / (double) n, db.total() / seconds);
            System.out.printf("the job queue's own statements per item: claims %.2f, lease checks %.2f, releases %.2f%n",
                    db.matching("where \"platform_postings\".\"id\" in (select") / (double) n,
                    db.matching("\"lease_owner\" = ?) for update") / (double) n,
                    db.matching("set \"lease_owner\" = ?, \"lease_until\" = cast(? as timestamp(6) with time zone) where (\"platform_postings\".\"id\" =")
                            / (double) n);
            System.out.println("top statements per item:");
            db.top(12).forEach((sql, k) -> System.out.printf("  %6.2f  %s%n", k / (double) n, sql.length() > 150 ? sql.substring(0, 150) + "..." : sql));
            System.out.printf("database (pg_stat_database): %.1f transactions per item, rows updated %.1f, inserted %.1f, fetched %.1f%n",
                    (after.commits - before.commits) / (double) n, (after.updated - before.updated) / (double) n,
                    (after.inserted - before.inserted) / (double) n, (after.fetched - before.fetched) / (double) n);
            System.out.printf("platform_postings (pg_stat_user_tables): seq scans %d (%d rows read), index scans %d (%d rows fetched),"
                            + " updates %d (%d HOT), per item: %.1f updates%n", after.seqScan - before.seqScan,
                    after.seqRead - before.seqRead, after.idxScan - before.idxScan, after.idxFetch - before.idxFetch,
                    after.upd - before.upd, after.hotUpd - before.hotUpd, (after.upd - before.upd) / (double) n);
            sampler.report();
            plans(pool);
            if (ebay.maxListingsPerSku() != 1 || ebay.totalListingsCreated() != n) throw new IllegalStateException("duplicates or missing listings");
        }
        System.exit(0);
    }

    /**
     * The items through the application (each one item write), one photo processed for real,
     * and that photo's row copied to every other item by SQL: photo processing is not what is measured.
     */
    static List<ItemId> seed(Llatria llatria, HikariDataSource db, UserId user, DeviceId device, int n) throws SQLException {
        List<ItemId> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(llatria.inventory().create(user, device, Optional.empty(), new ItemInput("Item " + i + " vintage lamp", "",
                    new MoneyInput(new BigDecimal("19.99"), null), "used", "Lamps", null, null, "active")).view().item().id());
        }
        byte[] jpeg = TestImages.jpeg(64, 48);
        llatria.photos().add(user, device, items.get(0), List.of(new PhotoUpload("p.jpg", jpeg.length, () -> jpeg)));
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO item_images (id, owner_id, item_id, position, created_at, renditions)"
                    + " SELECT gen_random_uuid(), i.owner_id, i.id, 0, now(), (SELECT renditions FROM item_images LIMIT 1)"
                    + " FROM items i WHERE NOT EXISTS (SELECT 1 FROM item_images m WHERE m.item_id = i.id)");
            // platform_postings is left to autovacuum, as on a server: analysed empty, the planner would scan it.
            s.execute("VACUUM ANALYZE items, item_images");
        }
        return items;
    }

    /** The claim as the worker sends it, explained with 1,000 jobs due (rolled back) and with none. */
    static void plans(HikariDataSource db) throws SQLException {
        String claim = "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) UPDATE platform_postings SET lease_owner = 'explain',"
                + " lease_until = now() + interval '2 minutes' WHERE id IN (SELECT id FROM platform_postings WHERE due_at <= now()"
                + " AND (lease_until IS NULL OR lease_until < now()) ORDER BY due_at LIMIT 8 FOR UPDATE SKIP LOCKED) RETURNING *";
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("ANALYZE platform_postings"); // as autovacuum would, once the table has its rows
            c.setAutoCommit(false);
            print(s, "claim with nothing due (the idle poll, once a second per instance):", claim);
            c.rollback();
            s.executeUpdate("UPDATE platform_postings SET due_at = now() - interval '1 second'");
            print(s, "claim with every posting due (8 of them claimed):", claim);
            c.rollback();
        }
    }

    static void print(Statement s, String title, String sql) throws SQLException {
        System.out.println(title);
        try (ResultSet plan = s.executeQuery(sql)) {
            while (plan.next()) System.out.println("  " + plan.getString(1));
        }
    }

    static long count(HikariDataSource db, String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    record Stats(long commits, long updated, long inserted, long fetched, long seqScan, long seqRead, long idxScan, long idxFetch,
                 long upd, long hotUpd) {
        static Stats read(HikariDataSource db) throws Exception {
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_stat_force_next_flush()");
                Thread.sleep(600); // counters reach the shared statistics at most once a second
                s.execute("SELECT pg_stat_clear_snapshot()");
                try (ResultSet r = s.executeQuery("SELECT d.xact_commit, d.tup_updated, d.tup_inserted, d.tup_fetched,"
                        + " t.seq_scan, t.seq_tup_read, coalesce(t.idx_scan, 0), coalesce(t.idx_tup_fetch, 0), t.n_tup_upd, t.n_tup_hot_upd"
                        + " FROM pg_stat_database d, pg_stat_user_tables t"
                        + " WHERE d.datname = current_database() AND t.relname = 'platform_postings'")) {
                    r.next();
                    return new Stats(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6), r.getLong(7),
                            r.getLong(8), r.getLong(9), r.getLong(10));
                }
            }
        }
    }

    /** Counts the statements the application prepares, by their SQL, at the JDBC boundary. */
    static final class Counting {
        private final DataSource target;
        private final Map<String, AtomicLong> bySql = new ConcurrentHashMap<>();
        private final Map<String, AtomicLong> byThread = new ConcurrentHashMap<>();

        Counting(DataSource target) {
            this.target = target;
        }

        void reset() {
            bySql.clear();
            byThread.clear();
        }

        /** Statements prepared by threads whose name starts with {@code prefix} (not a longer known prefix). */
        long byThread(String prefix) {
            return byThread.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)
                            && !(prefix.equals("posting-job-") && e.getKey().startsWith("posting-jobs-")))
                    .mapToLong(e -> e.getValue().get()).sum();
        }

        long total() {
            return bySql.values().stream().mapToLong(AtomicLong::get).sum();
        }

        long matching(String part) {
            return bySql.entrySet().stream().filter(e -> e.getKey().toLowerCase().contains(part)).mapToLong(e -> e.getValue().get()).sum();
        }

        Map<String, Long> top(int k) {
            Map<String, Long> out = new java.util.LinkedHashMap<>();
            bySql.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().get(), a.getValue().get())).limit(k)
                    .forEach(e -> out.put(e.getKey(), e.getValue().get()));
            return out;
        }

        DataSource proxy() {
            return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{DataSource.class}, (p, m, a) -> {
                Object result = invoke(target, m, a);
                if (result instanceof Connection c) return connection(c);
                return result;
            });
        }

        private Connection connection(Connection c) {
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class}, (p, m, a) -> {
                if ((m.getName().equals("prepareStatement") || m.getName().equals("prepareCall")) && a != null && a[0] instanceof String sql) {
                    bySql.computeIfAbsent(sql, x -> new AtomicLong()).incrementAndGet();
                    byThread.computeIfAbsent(Thread.currentThread().getName(), x -> new AtomicLong()).incrementAndGet();
                }
                return invoke(c, m, a);
            });
        }

        private static Object invoke(Object target, java.lang.reflect.Method m, Object[] a) throws Throwable {
            try {
                return m.invoke(target, a);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    /**
     * A wall-clock profile of the posting job threads: every 10 ms each thread's stack, filed by
     * the step of the job it is in and what it waits on (eBay, the database, a pooled connection)
     * or whether it is computing.
     */
    static final class Sampler {
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final Map<String, Long> buckets = new TreeMap<>();
        private volatile boolean running;
        private Thread thread;
        private long samples;

        void start() {
            running = true;
            thread = new Thread(() -> {
                while (running) {
                    for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
                        if (info.getThreadName().startsWith("posting-job-") && !info.getThreadName().startsWith("posting-jobs-")) file(info);
                    }
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        private synchronized void file(ThreadInfo info) {
            StackTraceElement[] stack = info.getStackTrace();
            String step = "idle (no job)";
            String what = "other";
            for (StackTraceElement f : stack) {
                String c = f.getClassName();
                if (what.equals("other")) {
                    if (c.startsWith("org.postgresql")) what = "database round trip";
                    else if (c.startsWith("com.zaxxer.hikari.pool") && f.getMethodName().equals("getConnection")) what = "waiting for a pooled connection";
                    else if (c.startsWith("jdk.internal.net.http") || c.startsWith("java.net.http")) what = "eBay HTTP call";
                    else if (c.startsWith("com.llatria.adapters.crypto")) what = "token decryption";
                    else if (c.startsWith("com.fasterxml.jackson")) what = "JSON";
                    else if (c.startsWith("java.util.concurrent.ThreadPoolExecutor") && f.getMethodName().equals("getTask")) what = "idle";
                }
                if (c.equals("com.llatria.application.posting.PostingWorker") && f.getMethodName().startsWith("lambda$write")) step = "write the result (item write)";
                else if (c.startsWith("com.llatria.application.posting.PlatformAccounts") && step.startsWith("idle")) step = "get the access token";
                else if (c.startsWith("com.llatria.adapters.platforms.ebay.EbayListingPublisher") && step.startsWith("idle")) step = "eBay calls";
                else if (c.startsWith("com.llatria.application.posting.ListingSource") && step.startsWith("idle")) step = "read the item's photos";
                else if (c.equals("com.llatria.application.posting.PostingWorker") && f.getMethodName().equals("run") && step.startsWith("idle")) step = "other job steps";
            }
            if (what.equals("other") && info.getThreadState() == Thread.State.RUNNABLE) what = "computing";
            else if (what.equals("other")) what = info.getThreadState().name().toLowerCase();
            buckets.merge(step + " / " + what, 1L, Long::sum);
            samples++;
        }

        synchronized void report() {
            System.out.printf("where the job threads' time went (%d samples over the threads, every 10 ms):%n", samples);
            buckets.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .forEach(e -> System.out.printf("  %5.1f %%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
        }
    }
}
