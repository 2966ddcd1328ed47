package com.llatria.bootstrap.benchmark;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The client side of the fan-out benchmark, in its own JVM so that the server's heap is measured
 * alone: opens N sockets of one user (devices fan-0 … fan-N-1) to {@code /sync}, prints READY once
 * every one has caught up, waits for GO on stdin, then makes {@code rounds} writes (PATCH of one
 * item's title) one at a time and records, for every socket, the time from sending the write to
 * receiving its {@code inventory:updated} event. Prints one result line and exits.
 *
 * <p>Usage: SyncFanOutClient listenHost:port writeHost:port tokenFile itemId sockets rounds
 */
public final class SyncFanOutClient {
    public static void main(String[] args) throws Exception {
        String listen = args[0];
        String write = args[1];
        String token = Files.readString(Path.of(args[2])).trim();
        String item = args[3];
        int count = Integer.parseInt(args[4]);
        int rounds = Integer.parseInt(args[5]);

        // Several clients, so that reading 5,000 sockets is not one selector thread's work.
        ExecutorService executor = Executors.newFixedThreadPool(4);
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) clients.add(HttpClient.newBuilder().executor(executor).build());
        HttpClient http = HttpClient.newHttpClient();

        AtomicLong sentAt = new AtomicLong();
        AtomicReference<CountDownLatch> arrived = new AtomicReference<>(new CountDownLatch(count));
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        CountDownLatch ready = new CountDownLatch(count);
        AtomicInteger closedEarly = new AtomicInteger();
        String cursor = String.valueOf(currentVersion(http, write, token));

        List<WebSocket> open = Collections.synchronizedList(new ArrayList<>());
        Semaphore connecting = new Semaphore(64);
        long connectStart = System.nanoTime();
        List<CompletableFuture<WebSocket>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String hello = "{\"type\":\"hello\",\"token\":\"" + token + "\",\"deviceId\":\"fan-" + i + "\",\"cursor\":" + cursor + "}";
            connecting.acquire();
            CompletableFuture<WebSocket> socket = clients.get(i % clients.size()).newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(URI.create("ws://" + listen + "/sync"), new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();
                        private boolean caughtUp;

                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                long now = System.nanoTime();
                                String message = text.toString();
                                text.setLength(0);
                                if (message.startsWith("{\"type\":\"inventory:updated\"")) {
                                    latencies.add(now - sentAt.get());
                                    arrived.get().countDown();
                                } else if (!caughtUp && message.startsWith("{\"type\":\"sync:changes\"") && message.contains("\"hasMore\":false")) {
                                    caughtUp = true;
                                    ready.countDown();
                                }
                            }
                            ws.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                            closedEarly.incrementAndGet();
                            System.err.println("socket closed by the server: " + status + " " + reason);
                            return null;
                        }
                    });
            pending.add(socket.whenComplete((ws, failure) -> {
                connecting.release();
                if (failure != null) {
                    System.err.println("could not connect: " + failure);
                    return;
                }
                open.add(ws);
                ws.sendText(hello, true);
            }));
        }
        for (CompletableFuture<WebSocket> socket : pending) socket.exceptionally(failure -> null).join();
        boolean allReady = ready.await(300, TimeUnit.SECONDS);
        System.out.printf("READY %,d of %,d caught up in %.1f s%s%n", count - ready.getCount(), count,
                (System.nanoTime() - connectStart) / 1e9, allReady ? "" : " (timed out)");
        System.out.flush();

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!"GO".equals(in.readLine())) System.exit(1);
        List<Long> all = new ArrayList<>();
        int missing = 0;
        for (int round = 0; round < rounds; round++) {
            latencies.clear();
            CountDownLatch latch = new CountDownLatch(count);
            arrived.set(latch);
            HttpRequest patch = HttpRequest.newBuilder(URI.create("http://" + write + "/api/inventory/" + item))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .header("X-Device-Id", "bench-writer")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"title\":\"Round " + round + "\"}")).build();
            sentAt.set(System.nanoTime());
            HttpResponse<String> answer = http.send(patch, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) throw new IllegalStateException("PATCH answered " + answer.statusCode() + ": " + answer.body());
            if (!latch.await(30, TimeUnit.SECONDS)) missing += (int) latch.getCount();
            latencies.forEach(nanos -> all.add(nanos / 1_000));
            Thread.sleep(100);
        }
        Collections.sort(all);
        System.out.printf("%d writes x %,d sockets: write to event p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms "
                        + "(%,d deliveries, %d missing, %d sockets closed by the server)%n",
                rounds, count, SyncBenchmark.pct(all, 50) / 1000.0, SyncBenchmark.pct(all, 95) / 1000.0,
                SyncBenchmark.pct(all, 99) / 1000.0, all.isEmpty() ? -1 : all.get(all.size() - 1) / 1000.0, all.size(), missing,
                closedEarly.get());
        System.out.flush();
        for (WebSocket socket : open) socket.abort();
        System.exit(0);
    }

    private static long currentVersion(HttpClient http, String base, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + base + "/api/sync/last-sync?deviceId=bench"))
                .header("Authorization", "Bearer " + token).build();
        String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        return Long.parseLong(body.replaceAll(".*\"version\":(\\d+).*", "$1"));
    }
}
