package com.llatria.bootstrap.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llatria.adapters.persistence.redis.RedisConnections;
import com.llatria.adapters.persistence.redis.RedisEventBus;
import com.llatria.adapters.persistence.testing.TestPostgres;
import com.llatria.adapters.persistence.testing.TestRedis;
import com.llatria.adapters.storage.memory.InMemoryImageStore;
import com.llatria.bootstrap.Llatria;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import redis.clients.jedis.JedisPooled;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Sync over real HTTP and WebSocket on embedded PostgreSQL 17 and embedded Redis, with a large
 * inventory seeded straight through SQL (not through the push being measured):
 * <ol>
 *   <li>push: a few 500-mutation batches of new items and of edits to existing ones;</li>
 *   <li>pull of the last 10,000 changes in pages of 1,000, three times;</li>
 *   <li>a first sync of everything (cursor 0, pages of 1,000), twice;</li>
 *   <li>WebSocket fan-out: N sockets of one user opened by a separate client JVM
 *       ({@link SyncFanOutClient}), one write at a time, the time until every socket has the event;
 *       on one instance, then across two through Redis; the heap per connection is this (server)
 *       JVM's, measured after a GC with and without the sockets.</li>
 * </ol>
 * Run by benchmarks/sync/run.sh [items] [sockets].
 */
public final class SyncBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int PUSH_BATCHES = 8;

    private record Instance(Llatria llatria, Javalin javalin, String base) {
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Throwable failure) {
            failure.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int sockets = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        System.out.printf("sync benchmark: %,d items, %,d sockets; %d cores; load average %s%n", items, sockets,
                Runtime.getRuntime().availableProcessors(), loadAverage());
        try (HikariDataSource db = TestPostgres.freshDatabase()) {
            Instance a = start(db, "bench-a");
            Instance b = start(db, "bench-b");
            // C reads photos the way pulls did before V23 (each photo's renditions parsed, its twelve
            // addresses made and escaped per read) instead of copying them rendered: the same moment, A/B.
            Instance c = start(db, "bench-c");
            JsonNode session = register(a.base());
            String token = session.get("accessToken").asText();
            UUID owner = UUID.fromString(session.get("user").get("id").asText());

            Cpu.findPostmaster(db);
            long seedStart = System.nanoTime();
            List<String> ids = seed(db, owner, items);
            System.out.printf("seeded %,d items (with %s photos) through SQL in %.1f s%n", items, count(db, "item_images"),
                    (System.nanoTime() - seedStart) / 1e9);

            if (!"0".equals(System.getProperty("sync.benchmark.push", "1"))) push(a, token, ids);

            // Instance A is the server's default (the next page read ahead, photos copied rendered), B
            // does not read ahead, C reads photos the old way: each measurement runs on all three, back
            // to back, so that the ratios are of one moment of the machine.
            long current = currentVersion(a.base(), token);
            List<Instance> compared = "1".equals(System.getProperty("sync.benchmark.readAhead", "0"))
                    ? List.of(a, b, c) : List.of(a, c);
            for (int run = 0; run < 3; run++) {
                for (Instance on : compared) {
                    Cpu cpu = Cpu.now();
                    long t = System.nanoTime();
                    int got = pullAll(on.base(), token, Math.max(0, current - 10_000), 1000);
                    System.out.printf("pull of %,d changed items (pages of 1,000)%s: %d ms; %s, of which the client's parsing %d ms; %,d bytes an item%n",
                            got, label(on, a, b), (System.nanoTime() - t) / 1_000_000, cpu.since(), parseNanos / 1_000_000,
                            pulledBytes / Math.max(1, got));
                }
            }
            for (int run = 0; run < 2; run++) {
                for (Instance on : compared) {
                    Cpu cpu = Cpu.now();
                    long t = System.nanoTime();
                    int all = pullAll(on.base(), token, 0, 1000);
                    double seconds = (System.nanoTime() - t) / 1e9;
                    System.out.printf("first sync%s: %,d items in %.2f s = %,.0f items/s over HTTP (pages of 1,000); %s, of which the client's parsing %d ms; %,d bytes an item%n",
                            label(on, a, b), all, seconds, all / seconds, cpu.since(), parseNanos / 1_000_000, pulledBytes / Math.max(1, all));
                }
            }

            String item = ids.get(0);
            if (sockets > 0) {
                fanOut("one instance", a, a, token, item, sockets);
                fanOut("two instances through Redis", a, b, token, item, sockets);
            }
            System.out.printf("load average at the end: %s%n", loadAverage());
            for (Instance on : List.of(a, b, c)) {
                on.javalin().stop();
                on.llatria().close();
            }
        }
    }

    private static String label(Instance on, Instance a, Instance b) {
        return on == a ? "" : on == b ? " [no read-ahead]" : " [photos read, not rendered]";
    }

    private static Instance start(HikariDataSource db, String name) {
        JedisPooled redis = RedisConnections.pool(TestRedis.url(), 8);
        Llatria.Builder builder = Llatria.builder();
        if (name.equals("bench-c")) builder.persistence(com.llatria.adapters.persistence.Persistence.postgres(db, false));
        else builder.postgres(db);
        Llatria llatria = builder.jwtSecret("benchmark-secret-that-is-long-enough-0123456789")
                .instanceId(name).imageStore(new InMemoryImageStore("/files"), true).events(new RedisEventBus(redis))
                .syncReadAhead(!name.equals("bench-b"))
                .accessTokenLifetime(java.time.Duration.ofHours(2))
                // one user's thousands of sockets and pushes: far past 1,000 requests a minute
                .rateLimits(com.llatria.adapters.web.RateLimiting.Limits.OFF)
                // The fan-out puts thousands of one user's sockets on one instance, past the per-account cap.
                .syncLimits(new com.llatria.adapters.web.sync.SyncSocket.Limits(
                        com.llatria.adapters.web.sync.SyncSocket.Limits.DEFAULT.maxUnsentBytes(), 1_000_000))
                .build().start();
        Javalin javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            llatria.http().mount(config.routes);
        }).start("127.0.0.1", 0);
        return new Instance(llatria, javalin, "127.0.0.1:" + javalin.port());
    }

    /** Batches of 500 new items, then batches of 500 edits (title and price) of seeded items, each measured on its own. */
    private static void push(Instance a, String token, List<String> ids) throws Exception {
        List<Long> creates = new ArrayList<>();
        List<Long> edits = new ArrayList<>();
        List<String> createCpu = new ArrayList<>();
        List<String> editCpu = new ArrayList<>();
        long mutationId = 1;
        long stampMillis = 1_800_000_000_000L;
        for (int batch = 0; batch < PUSH_BATCHES; batch++) {
            boolean edit = batch >= PUSH_BATCHES / 2;
            ObjectNode body = JSON.createObjectNode().put("deviceId", "bench-desk").put("schemaVersion", 1);
            ArrayNode mutations = body.putArray("mutations");
            for (int i = 0; i < 500; i++) {
                String stamp = String.format("%016d-%05d-bench-desk", stampMillis++, 0);
                String id = edit ? ids.get((batch * 500 + i * 7) % ids.size()) : UUID.randomUUID().toString();
                ObjectNode m = mutations.addObject().put("mutationId", mutationId++).put("entity", "item")
                        .put("id", id).put("op", "upsert").put("baseVersion", edit ? 1 : 0);
                ObjectNode fields = m.putObject("fields");
                fields.putObject("title").put("value", "Pushed " + batch + "-" + i).put("hlc", stamp);
                fields.putObject("price").put("value", "12.50").put("hlc", stamp);
                if (!edit) fields.putObject("condition").put("value", "used").put("hlc", stamp);
            }
            Cpu cpu = Cpu.now();
            long t = System.nanoTime();
            JsonNode answer = post(a.base() + "/api/sync/push", token, body.toString());
            long nanos = System.nanoTime() - t;
            (edit ? editCpu : createCpu).add(cpu.since());
            if (!answer.has("results")) throw new IllegalStateException(answer.toString());
            for (JsonNode result : answer.get("results")) {
                String status = result.get("status").asText();
                if (!status.equals("applied") && !status.equals("conflict")) throw new IllegalStateException(result.toString());
            }
            (edit ? edits : creates).add(nanos);
        }
        report("push, 500 new items a batch", creates);
        System.out.println("  cpu per batch: " + createCpu);
        report("push, 500 edits of existing items a batch", edits);
        System.out.println("  cpu per batch: " + editCpu);
    }

    private static void report(String label, List<Long> batches) {
        List<Long> sorted = new ArrayList<>(batches);
        Collections.sort(sorted);
        double total = sorted.stream().mapToLong(Long::longValue).sum() / 1e9;
        System.out.printf("%s: %d batches, %,.0f mutations/s; a batch p50 %d ms, max %d ms (each: %s ms)%n", label, batches.size(),
                batches.size() * 500 / total, pct(sorted, 50) / 1_000_000, sorted.get(sorted.size() - 1) / 1_000_000,
                batches.stream().map(n -> String.valueOf(n / 1_000_000)).toList());
    }

    /** The client sockets live in another JVM, so this JVM's heap is the server's alone. */
    private static void fanOut(String label, Instance writeTo, Instance listenOn, String token, String item, int count) throws Exception {
        long heapBefore = settledHeap();
        String java = ProcessHandle.current().info().command().orElse("java");
        Path tokenFile = Files.createTempFile("sync-bench", ".token");
        Files.writeString(tokenFile, token);
        Process client = new ProcessBuilder(java, "-Xmx768m", "-cp", System.getProperty("java.class.path"),
                SyncFanOutClient.class.getName(), listenOn.base(), writeTo.base(), tokenFile.toString(), item,
                String.valueOf(count), "20")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
             OutputStream in = client.getOutputStream()) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("READY")) {
                    long heapAfter = settledHeap();
                    System.out.printf("fan-out, %s: %,d sockets connected (%s); server heap %.1f KB per connection%n", label,
                            listenOn.llatria().syncHub().connections(), line.substring(5).trim(),
                            (heapAfter - heapBefore) / 1024.0 / count);
                    in.write("GO\n".getBytes(StandardCharsets.UTF_8));
                    in.flush();
                } else {
                    System.out.println("fan-out, " + label + ": " + line);
                }
            }
        }
        client.waitFor();
        Files.deleteIfExists(tokenFile);
        // Let the server notice the closed sockets before the next run counts its own.
        for (int i = 0; i < 100 && listenOn.llatria().syncHub().connections() > 0; i++) Thread.sleep(100);
    }

    private static long settledHeap() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
            Runtime runtime = Runtime.getRuntime();
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }

    /** The reads benchmark's reseller mix (benchmarks/reads/src/bench/Seed.java), 0-4 photos an item; versions 1..n. */
    private static List<String> seed(HikariDataSource db, UUID owner, int count) throws Exception {
        // A connection of its own: the pool's 30 s socket timeout is for requests, not for bulk loads.
        try (Connection c = java.sql.DriverManager.getConnection(db.getJdbcUrl(), "postgres", "postgres");
             Statement s = c.createStatement()) {
            for (int from = 1; from <= count; from += 20_000) {
                int to = Math.min(count, from + 19_999);
                s.execute(SeedSql.items(owner, from, to));
                s.execute(SeedSql.photos(owner, from, to));
            }
            s.execute("insert into change_log (owner_id, version, entity_type, entity_id, kind, device_id, at) "
                    + "select owner_id, version, 'ITEM', id, 'CREATE', 'seed', created_at from items where owner_id = '" + owner + "'");
            s.execute("update user_versions set version = " + count + " where user_id = '" + owner + "'");
            s.execute("insert into user_versions (user_id, version) values ('" + owner + "', " + count + ") on conflict do nothing");
            s.execute("vacuum analyze");
            List<String> ids = new ArrayList<>(count);
            try (ResultSet rs = s.executeQuery("select id from items where owner_id = '" + owner + "' order by version")) {
                while (rs.next()) ids.add(rs.getString(1));
            }
            return ids;
        }
    }

    private static String count(HikariDataSource db, String table) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return String.format("%,d", rs.getLong(1));
        }
    }

    private static long currentVersion(String base, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + base + "/api/sync/last-sync?deviceId=bench"))
                .header("Authorization", "Bearer " + token).build();
        return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body()).get("version").asLong();
    }

    /**
     * Pages until hasMore is false; the bodies are read as bytes and parsed, as a client would
     * (into a tree: every value read; an app binding into its own objects does about as much).
     * {@link #parseNanos}: this thread's CPU time for the parsing, so the server's share of the
     * JVM's CPU can be told apart.
     */
    private static int pullAll(String base, String token, long cursor, int limit) throws Exception {
        pulledBytes = 0;
        parseNanos = 0;
        int count = 0;
        boolean more = true;
        while (more) {
            byte[] body = postForBytes(base + "/api/sync/pull", token,
                    "{\"deviceId\":\"bench-phone\",\"schemaVersion\":1,\"cursor\":" + cursor + ",\"limit\":" + limit + "}");
            pulledBytes += body.length;
            long parseStart = THREADS.getCurrentThreadCpuTime();
            JsonNode page = JSON.readTree(body);
            parseNanos += THREADS.getCurrentThreadCpuTime() - parseStart;
            if (!page.has("changes")) throw new IllegalStateException(page.toString());
            count += page.get("changes").size();
            cursor = page.get("cursor").asLong();
            more = page.get("hasMore").asBoolean();
        }
        return count;
    }

    private static JsonNode register(String base) throws Exception {
        return post(base + "/api/auth/register", null,
                "{\"email\":\"bench-" + UUID.randomUUID() + "@example.com\",\"password\":\"correct horse battery\"}");
    }

    /** What the last {@link #pullAll} received, in bytes of JSON, and the CPU time its parsing took. */
    private static long pulledBytes;
    private static long parseNanos;
    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static JsonNode post(String url, String token, String body) throws Exception {
        return JSON.readTree(postForBytes(url, token, body));
    }

    static byte[] postForBytes(String url, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : "http://" + url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) request.header("Authorization", "Bearer " + token);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    static long pct(List<Long> sorted, int percentile) {
        if (sorted.isEmpty()) return -1;
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    /**
     * CPU time spent meanwhile by this JVM (server and the benchmark's own client) and by all
     * PostgreSQL processes: on a loaded machine the wall time mostly measures the queue for the
     * cores, the CPU time what the work itself costs.
     */
    record Cpu(long jvmNanos, long otherThreadsNanos, long pgTicks) {
        static Cpu now() {
            return new Cpu(((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime(),
                    otherThreads(), postgresTicks());
        }

        String since() {
            Cpu now = now();
            return String.format("cpu: this JVM %d ms (its other threads than the client's %d ms), PostgreSQL %d ms",
                    (now.jvmNanos - jvmNanos) / 1_000_000, (now.otherThreadsNanos - otherThreadsNanos) / 1_000_000,
                    (now.pgTicks - pgTicks) * 10);
        }

        /**
         * CPU time of this JVM's threads other than the calling (client) one: the server's request
         * and read-ahead threads and the HTTP client's; not GC or JIT, which the process figure has.
         */
        private static long otherThreads() {
            long sum = 0;
            long self = Thread.currentThread().getId();
            for (long id : THREADS.getAllThreadIds()) {
                if (id == self) continue;
                long nanos = THREADS.getThreadCpuTime(id);
                if (nanos > 0) sum += nanos;
            }
            return sum;
        }

        /** This benchmark's PostgreSQL server (other people's on the same machine do not count). */
        static volatile long postmaster = -1;

        static void findPostmaster(HikariDataSource db) throws Exception {
            try (Connection c = db.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select setting from pg_settings where name = 'data_directory'")) {
                rs.next();
                postmaster = Long.parseLong(Files.readAllLines(Path.of(rs.getString(1), "postmaster.pid")).get(0).trim());
            }
        }

        /** utime + stime of the postmaster and its children (backends, writers), in clock ticks (1/100 s on Linux); 0 elsewhere. */
        private static long postgresTicks() {
            long ticks = 0;
            try (var processes = Files.list(Path.of("/proc"))) {
                for (Path dir : (Iterable<Path>) processes::iterator) {
                    if (!dir.getFileName().toString().chars().allMatch(Character::isDigit)) continue;
                    try {
                        String stat = Files.readString(dir.resolve("stat"));
                        int close = stat.lastIndexOf(')');
                        String[] fields = stat.substring(close + 2).split(" ");
                        long pid = Long.parseLong(dir.getFileName().toString());
                        if (pid != postmaster && Long.parseLong(fields[1]) != postmaster) continue;
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    } catch (Exception gone) {
                        // the process ended meanwhile
                    }
                }
            } catch (Exception e) {
                return 0;
            }
            return ticks;
        }
    }

    static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "unknown" : String.format("%.2f", load);
    }
}
