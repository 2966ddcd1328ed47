package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A device's WebSocket to /sync, as a test sees it: every message it receives, in order, and how it closed. */
final class SyncSocketClient implements AutoCloseable {
    final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private SyncSocketClient(int port, String authorization) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (authorization != null) builder.header("Authorization", authorization);
        StringBuilder partial = new StringBuilder();
        this.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/sync"), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        messages.add(ApiClient.JSON.readTree(partial.toString()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(-1);
            }
        }).join();
    }

    static SyncSocketClient connect(int port) {
        return new SyncSocketClient(port, null);
    }

    static SyncSocketClient connectWithHeader(int port, String token) {
        return new SyncSocketClient(port, "Bearer " + token);
    }

    void send(String json) {
        socket.sendText(json, true).join();
    }

    void hello(String token, String deviceId, long cursor) {
        send("{\"type\":\"hello\"," + (token == null ? "" : "\"token\":\"" + token + "\",") + "\"deviceId\":\"" + deviceId
                + "\",\"cursor\":" + cursor + "}");
    }

    /** The next message that matches, skipping others; fails after {@code seconds}. */
    JsonNode next(Predicate<JsonNode> wanted, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode message = messages.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (message == null) throw new AssertionError("no matching message within " + seconds + " s");
            if (wanted.test(message)) return message;
        }
    }

    JsonNode next(String type, int seconds) throws InterruptedException {
        return next(m -> m.path("type").asText().equals(type), seconds);
    }

    /** Sends hello and waits until the catch-up has reached its last page. */
    void helloAndCatchUp(String token, String deviceId, long cursor) throws InterruptedException {
        hello(token, deviceId, cursor);
        next(m -> m.path("type").asText().equals("sync:changes") && !m.path("hasMore").asBoolean(), 10);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
