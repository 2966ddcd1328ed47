package com.llatria.adapters.platforms.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The plumbing of a fake platform: an HTTP server on loopback, scripted answers that replace
 * the next real one for a route ("500 once", "time out once"), and a request counter.
 */
abstract class FakeHttp implements AutoCloseable {
    static {
        // The JDK server writes headers and body separately; with Nagle on, each answer waits for the
        // client's delayed ACK (~40 ms): four calls a listing made the fake, not our code, the limit.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(32);
    private final Map<String, Deque<Scripted>> scripted = new LinkedHashMap<>();
    final AtomicInteger requests = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong busyNanos = new java.util.concurrent.atomic.AtomicLong();
    private final Map<String, AtomicInteger> byRoute = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Duration latency = Duration.ZERO;

    record Scripted(int status, String body, Duration delay, boolean stallBody) {
        Scripted(int status, String body, Duration delay) {
            this(status, body, delay, false);
        }
    }

    record Answer(int status, Object body) {
    }

    FakeHttp() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int requests() {
        return requests.get();
    }

    /** Every answer comes this much later, as across the internet (benchmarks); answering itself is not slowed. */
    public void latency(Duration value) {
        latency = value;
    }

    /** Requests whose "METHOD path" starts with {@code route}. */
    public int requests(String route) {
        return byRoute.entrySet().stream().filter(e -> e.getKey().startsWith(route)).mapToInt(e -> e.getValue().get()).sum();
    }

    /** Time spent answering, summed over requests (for benchmarks: how much of a job's time is the fake's). */
    public Duration busy() {
        return Duration.ofNanos(busyNanos.get());
    }

    /** The next request whose "METHOD path" starts with {@code route} gets this answer instead. */
    public void failNext(String route, int status, String body) {
        script(route, new Scripted(status, body, Duration.ZERO));
    }

    /** The next matching request is answered normally, but only after {@code delay} (to exceed a client's timeout). */
    public void delayNext(String route, Duration delay) {
        script(route, new Scripted(0, null, delay));
    }

    /** The next matching request gets its status line and headers at once, and its body only after {@code stall}. */
    public void stallBodyNext(String route, Duration stall) {
        script(route, new Scripted(0, null, stall, true));
    }

    private synchronized void script(String route, Scripted answer) {
        scripted.computeIfAbsent(route, r -> new ArrayDeque<>()).add(answer);
    }

    private synchronized Scripted takeScripted(String key) {
        for (Map.Entry<String, Deque<Scripted>> e : scripted.entrySet()) {
            if (key.startsWith(e.getKey()) && !e.getValue().isEmpty()) return e.getValue().poll();
        }
        return null;
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        byRoute.computeIfAbsent(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath(), r -> new AtomicInteger())
                .incrementAndGet();
        long start = System.nanoTime();
        try (exchange) {
            if (!latency.isZero()) {
                try {
                    Thread.sleep(latency.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                start = System.nanoTime();
            }
            respond(exchange);
        } finally {
            busyNanos.addAndGet(System.nanoTime() - start);
        }
    }

    private void respond(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        Scripted script = takeScripted(method + " " + path);
        if (script != null && script.stallBody()) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().flush();
            try {
                Thread.sleep(script.delay().toMillis());
                exchange.getResponseBody().write("{}".getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        if (script != null && !script.delay().isZero()) {
            try {
                Thread.sleep(script.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        } else if (script != null) {
            send(exchange, script.status(), script.body());
            return;
        }
        Duration hold = holdFor(method, path, exchange.getRequestHeaders().getFirst("Authorization"));
        if (!hold.isZero()) {
            try {
                Thread.sleep(hold.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Answer answer;
        try {
            answer = answer(method, path, query(exchange.getRequestURI().getRawQuery()), body,
                    exchange.getRequestHeaders().getFirst("Authorization"), exchange);
        } catch (RuntimeException e) {
            answer = new Answer(500, Map.of("error", String.valueOf(e)));
        }
        send(exchange, answer.status(), answer.body() == null ? null
                : answer.body() instanceof String s ? s : JSON.writeValueAsString(answer.body()));
    }

    /** How long to wait before answering this request (outside the fake's lock, so other requests go on). */
    Duration holdFor(String method, String path, String authorization) {
        return Duration.ZERO;
    }

    abstract Answer answer(String method, String path, Map<String, String> query, String body, String authorization,
                           HttpExchange exchange);

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        if (body == null || status == 204) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return out;
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
