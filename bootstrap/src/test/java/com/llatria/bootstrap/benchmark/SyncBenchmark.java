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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sync over real HTTP and WebSocket on embedded PostgreSQL 17 and embedded Redis: push of
 * 500-mutation batches, pull of 10,000 changes, a first sync of every item, and WebSocket
 * fan-out (one write, N sockets of the same user) on one instance and across two through Redis.
 * Run by benchmarks/sync/run.sh [items] [sockets].
 */
public final class SyncBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private record Instance(Llatria llatria, Javalin javalin, String base) {
    }

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int sockets = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        try (HikariDataSource db = TestPostgres.freshDatabase()) {
            Instance a = start(db, "bench-a");
            Instance b = start(db, "bench-b");
            String token = register(a.base());

            // Push: batches of 500 new items.
            long pushStart = System.nanoTime();
            long mutationId = 1;
            List<Long> batchMillis = new ArrayList<>();
            for (int done = 0; done < items; done += 500) {
                ObjectNode body = JSON.createObjectNode().put("deviceId", "bench-desk").put("schemaVersion", 1);
                ArrayNode mutations = body.putArray("mutations");
                for (int i = 0; i < Math.min(500, items - done); i++) {
                    String stamp = String.format("%016d-%05d-bench-desk", 1_764_100_000_000L + mutationId, 0);
                    ObjectNode m = mutations.addObject().put("mutationId", mutationId++).put("entity", "item")
                            .put("id", UUID.randomUUID().toString()).put("op", "upsert").put("baseVersion", 0);
                    ObjectNode fields = m.putObject("fields");
                    fields.putObject("title").put("value", "Item " + (done + i)).put("hlc", stamp);
                    fields.putObject("price").put("value", "12.50").put("hlc", stamp);
                    fields.putObject("condition").put("value", "used").put("hlc", stamp);
                }
                long t = System.nanoTime();
                JsonNode answer = post(a.base() + "/api/sync/push", token, body.toString());
                batchMillis.add((System.nanoTime() - t) / 1_000_000);
                if (!answer.has("results")) throw new IllegalStateException(answer.toString());
            }
            double pushSeconds = (System.nanoTime() - pushStart) / 1e9;
            Collections.sort(batchMillis);
            System.out.printf("push: %d mutations in %.1f s = %.0f mutations/s; a 500-mutation batch p50 %d ms, p95 %d ms%n",
                    items, pushSeconds, items / pushSeconds, pct(batchMillis, 50), pct(batchMillis, 95));

            // Pull of the last 10,000 changes, in pages of 1000.
            for (int run = 0; run < 3; run++) {
                long t = System.nanoTime();
                int got = pullAll(a.base(), token, Math.max(0, items - 10_000), 1000);
                System.out.printf("pull of %d changed items (pages of 1000): %d ms%n", got, (System.nanoTime() - t) / 1_000_000);
            }
            // First sync of everything.
            long t = System.nanoTime();
            int all = pullAll(a.base(), token, 0, 1000);
            double seconds = (System.nanoTime() - t) / 1e9;
            System.out.printf("first sync: %d items in %.2f s = %.0f items/s over HTTP%n", all, seconds, all / seconds);

            fanOut("one instance", a, a, token, sockets);
            fanOut("two instances through Redis", a, b, token, sockets);
            a.javalin().stop();
            b.javalin().stop();
            a.llatria().close();
            b.llatria().close();
        }
        System.exit(0);
    }

    private static Instance start(HikariDataSource db, String name) {
        JedisPooled redis = RedisConnections.pool(TestRedis.url(), 8);
        Llatria llatria = Llatria.builder().postgres(db).jwtSecret("benchmark-secret-that-is-long-enough-0123456789")
                .instanceId(name).imageStore(new InMemoryImageStore("/files"), true).events(new RedisEventBus(redis)).build().start();
        Javalin javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            llatria.http().mount(config.routes);
        }).start("127.0.0.1", 0);
        return new Instance(llatria, javalin, "127.0.0.1:" + javalin.port());
    }

    private static void fanOut(String label, Instance writeTo, Instance listenOn, String token, int count) throws Exception {
        System.gc();
        long heapBefore = usedHeap();
        List<WebSocket> open = new ArrayList<>();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong sentAt = new AtomicLong();
        CountDownLatch[] arrived = {new CountDownLatch(count)};
        CountDownLatch ready = new CountDownLatch(count);
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < count; i++) {
            String device = "sock-" + i;
            WebSocket socket = client.newWebSocketBuilder().buildAsync(URI.create("ws://" + listenOn.base() + "/sync"), new WebSocket.Listener() {
                final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        String message = text.toString();
                        text.setLength(0);
                        if (message.contains("\"type\":\"sync:changes\"") && message.contains("\"hasMore\":false")) ready.countDown();
                        if (message.contains("\"type\":\"inventory:updated\"")) {
                            latencies.add(System.nanoTime() - sentAt.get());
                            arrived[0].countDown();
                        }
                    }
                    ws.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
            // Start from the current version: the catch-up is then a single empty page.
            socket.sendText("{\"type\":\"hello\",\"token\":\"" + token + "\",\"deviceId\":\"" + device + "\",\"cursor\":"
                    + currentVersion(writeTo.base(), token) + "}", true);
            open.add(socket);
        }
        ready.await(120, TimeUnit.SECONDS);
        System.gc();
        long heapAfter = usedHeap();
        String item = JSON.readTree(post(writeTo.base() + "/api/sync/pull", token,
                "{\"deviceId\":\"bench\",\"schemaVersion\":1,\"cursor\":0,\"limit\":1}").toString()).at("/changes/0/id").asText();
        List<Long> all = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            latencies.clear();
            arrived[0] = new CountDownLatch(count);
            sentAt.set(System.nanoTime());
            HttpRequest patch = HttpRequest.newBuilder(URI.create("http://" + writeTo.base() + "/api/inventory/" + item))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"title\":\"Round " + round + "\"}")).build();
            HTTP.send(patch, HttpResponse.BodyHandlers.ofString());
            if (!arrived[0].await(30, TimeUnit.SECONDS)) System.out.println("  round " + round + ": only " + (count - arrived[0].getCount()) + " arrived");
            latencies.forEach(nanos -> all.add(nanos / 1_000));
        }
        Collections.sort(all);
        System.out.printf("fan-out, %s, %d sockets of one user: write to event p50 %.1f ms, p95 %.1f ms, p99 %.1f ms (%d deliveries); "
                        + "heap %.1f KB per connection (server and client in one JVM)%n",
                label, count, pct(all, 50) / 1000.0, pct(all, 95) / 1000.0, pct(all, 99) / 1000.0, all.size(),
                (heapAfter - heapBefore) / 1024.0 / count);
        for (WebSocket socket : open) socket.abort();
    }

    private static long currentVersion(String base, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + base + "/api/sync/last-sync?deviceId=bench"))
                .header("Authorization", "Bearer " + token).build();
        return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body()).get("version").asLong();
    }

    private static int pullAll(String base, String token, long cursor, int limit) throws Exception {
        int count = 0;
        boolean more = true;
        while (more) {
            JsonNode page = post("http://" + base.replace("http://", "") + "/api/sync/pull", token,
                    "{\"deviceId\":\"bench-phone\",\"schemaVersion\":1,\"cursor\":" + cursor + ",\"limit\":" + limit + "}");
            count += page.get("changes").size();
            cursor = page.get("cursor").asLong();
            more = page.get("hasMore").asBoolean();
        }
        return count;
    }

    private static String register(String base) throws Exception {
        JsonNode session = post(base + "/api/auth/register", null,
                "{\"email\":\"bench-" + UUID.randomUUID() + "@example.com\",\"password\":\"correct horse battery\"}");
        return session.get("accessToken").asText();
    }

    private static JsonNode post(String url, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : "http://" + url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) request.header("Authorization", "Bearer " + token);
        return JSON.readTree(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static long pct(List<Long> sorted, int percentile) {
        if (sorted.isEmpty()) return -1;
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
