package com.llatria.adapters.ai.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local stand-in for a model provider's HTTP API, on loopback, answering with the provider's
 * real shapes: scripted replies first (in order), then the standing reply. Every request is
 * recorded so tests can check what the adapter sent. The subclasses speak OpenAI's and Gemini's
 * dialects; tests use only this class's vocabulary, so one suite runs against both.
 */
public abstract class FakeModelServer implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK server writes headers and body separately; with Nagle on, each answer waits for
        // the client's delayed ACK (~40 ms), which would make the fake slower than a real provider's network.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /**
     * One scripted HTTP answer; {@code delay} holds it back (a slow provider, a timeout);
     * {@code trickle}, when not zero, sends the headers at once and then the body a few bytes at
     * a time with that pause between them (a stalled or throttled stream).
     */
    public record Reply(int status, Map<String, String> headers, String body, Duration delay, Duration trickle) {
        public Reply(int status, Map<String, String> headers, String body, Duration delay) {
            this(status, headers, body, delay, Duration.ZERO);
        }

        public Reply after(Duration wait) {
            return new Reply(status, headers, body, wait, trickle);
        }

        public Reply trickling(Duration pause) {
            return new Reply(status, headers, body, delay, pause);
        }
    }

    /** Bytes per write when an answer trickles. */
    private static final int TRICKLE_BYTES = 16;

    public record Recorded(String method, String path, Map<String, String> headers, JsonNode body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-model");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Reply> script = new ArrayDeque<>();
    private volatile Reply standing;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();

    protected FakeModelServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
        standing = ok(SampleAnswers.LEVIS);
    }

    /** Where the adapter should send its requests (the provider's base URL). */
    public abstract URI baseUrl();

    // --- the vocabulary both providers share, each in its own dialect ---

    /** 200 with the model's answer text {@code content} (normally a JSON object as text). */
    public abstract Reply ok(String content);

    /** 200 with the answer and the token counts the provider bills. */
    public abstract Reply ok(String content, int promptTokens, int completionTokens);

    /** 429: slow down, with the provider's way of saying how long. */
    public abstract Reply rateLimited(Duration retryAfter);

    /** The account's quota or credit is spent (OpenAI: 429 insufficient_quota). */
    public abstract Reply quotaExhausted();

    /** A 5xx with the provider's error body. */
    public abstract Reply serverError(int status);

    /** A 4xx the contract says never to retry (a bad key, an unknown model). */
    public abstract Reply rejected();

    /** The model declines (OpenAI: message.refusal; Gemini: finishReason SAFETY). */
    public abstract Reply refusal();

    /** The answer cut off at the token limit (finish_reason length / MAX_TOKENS). */
    public abstract Reply truncated(String partialContent);

    /** The answer's field naming the model that answered (OpenAI: model; Gemini: modelVersion). */
    protected abstract String modelField();

    /** {@code reply} (a 200) claiming to come from {@code model}: what the provider reports is untrusted too. */
    public Reply fromModel(Reply reply, String model) {
        try {
            com.fasterxml.jackson.databind.node.ObjectNode body = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(reply.body());
            body.put(modelField(), model);
            return new Reply(reply.status(), reply.headers(), JSON.writeValueAsString(body), reply.delay(), reply.trickle());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 200 whose body is not the provider's JSON at all (a proxy's error page). */
    public Reply brokenEnvelope() {
        return new Reply(200, Map.of("Content-Type", "text/html"), "<html><body>Bad gateway</body></html>", Duration.ZERO);
    }

    // --- scripting ---

    /** These replies, in order, for the next requests; then the standing reply again. */
    public synchronized FakeModelServer next(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** The reply for every request once the script is used up. */
    public FakeModelServer always(Reply reply) {
        standing = reply;
        return this;
    }

    protected int port() {
        return server.getAddress().getPort();
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public int calls() {
        return requests.size();
    }

    public synchronized void reset() {
        script.clear();
        requests.clear();
        standing = ok(SampleAnswers.LEVIS);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    protected static Reply json(int status, Object body, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put("Content-Type", "application/json");
        try {
            return new Reply(status, headers, body instanceof String s ? s : JSON.writeValueAsString(body), Duration.ZERO);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized Reply take() {
        Reply scripted = script.poll();
        return scripted != null ? scripted : standing;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
            JsonNode body;
            try {
                body = raw.length == 0 ? JSON.nullNode() : JSON.readTree(raw);
            } catch (IOException e) {
                body = JSON.getNodeFactory().textNode(new String(raw, StandardCharsets.UTF_8));
            }
            requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body));
            Reply reply = take();
            if (!reply.delay().isZero()) {
                try {
                    Thread.sleep(reply.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            if (!reply.trickle().isZero()) {
                trickle(exchange, reply, out);
                return;
            }
            exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (IOException e) {
            // the client gave up (a timeout test): nothing to answer
        }
    }

    private static void trickle(HttpExchange exchange, Reply reply, byte[] out) throws IOException {
        exchange.sendResponseHeaders(reply.status(), 0);
        try (OutputStream os = exchange.getResponseBody()) {
            for (int at = 0; at < out.length; at += TRICKLE_BYTES) {
                os.write(out, at, Math.min(TRICKLE_BYTES, out.length - at));
                os.flush();
                try {
                    Thread.sleep(reply.trickle().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
