package com.llatria.adapters.web.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llatria.adapters.web.Json;
import com.llatria.adapters.web.auth.JwtAccessTokens;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.user.UserId;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The WebSocket endpoint ({@code /sync}). The client authenticates with its access token, in the
 * upgrade's Authorization header or in its first message, never in the URL:
 * {@code {"type": "hello", "token": "…", "deviceId": "desk-7f3a", "cursor": 18}}. It then receives
 * every change after its cursor ({@code sync:changes} pages), then live events. Pings every
 * 25 s and a 60 s idle timeout drop dead connections; clients may also send {@code {"type": "ping"}}.
 */
public final class SyncSocket {
    public static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration PING_EVERY = Duration.ofSeconds(25);
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final int MAX_PENDING = 500;

    private final SyncHub hub;
    private final JwtAccessTokens tokens;
    private final Map<String, SyncConnection> bySession = new ConcurrentHashMap<>();
    private final Map<String, UserId> headerAuth = new ConcurrentHashMap<>();
    private final ExecutorService catchUp = Executors.newFixedThreadPool(2, daemon("sync-catch-up"));
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("sync-hello-timer"));

    public SyncSocket(SyncHub hub, JwtAccessTokens tokens) {
        this.hub = hub;
        this.tokens = tokens;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    public void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            ctx.session.setIdleTimeout(IDLE_TIMEOUT);
            ctx.enableAutomaticPings(PING_EVERY.toSeconds(), TimeUnit.SECONDS);
            SyncConnection connection = new SyncConnection(ctx.session, MAX_PENDING);
            bySession.put(ctx.sessionId(), connection);
            String header = ctx.header("Authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                Optional<UserId> user = tokens.verify(header.substring(7).trim());
                if (user.isEmpty()) {
                    connection.close(SyncConnection.CLOSE_UNAUTHENTICATED, "the access token is invalid or has expired");
                    return;
                }
                headerAuth.put(ctx.sessionId(), user.get());
            }
            timers.schedule(() -> {
                if (!connection.greeted()) connection.close(SyncConnection.CLOSE_HELLO_TIMEOUT, "send hello first");
            }, HELLO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        });
        ws.onMessage(ctx -> message(ctx, ctx.message()));
        ws.onClose(ctx -> forget(ctx.sessionId()));
        ws.onError(ctx -> forget(ctx.sessionId()));
    }

    private void message(WsContext ctx, String text) {
        SyncConnection connection = bySession.get(ctx.sessionId());
        if (connection == null) return;
        JsonNode message;
        try {
            message = Json.MAPPER.readTree(text);
        } catch (Exception e) {
            connection.close(SyncConnection.CLOSE_BAD_MESSAGE, "messages are JSON objects");
            return;
        }
        String type = message.path("type").asText("");
        if (type.equals("ping")) {
            connection.send("{\"type\":\"pong\"}");
            return;
        }
        if (!type.equals("hello")) {
            connection.close(SyncConnection.CLOSE_BAD_MESSAGE, "unknown message type: " + type);
            return;
        }
        if (connection.greeted()) {
            connection.close(SyncConnection.CLOSE_BAD_MESSAGE, "hello is sent once");
            return;
        }
        Optional<UserId> user = Optional.ofNullable(headerAuth.get(ctx.sessionId()));
        JsonNode token = message.get("token");
        if (token != null && token.isTextual()) user = tokens.verify(token.textValue());
        if (user.isEmpty()) {
            connection.close(SyncConnection.CLOSE_UNAUTHENTICATED, "the access token is missing, invalid or has expired");
            return;
        }
        JsonNode deviceNode = message.get("deviceId");
        JsonNode cursorNode = message.get("cursor");
        if (deviceNode == null || !deviceNode.isTextual() || !DeviceId.isValid(deviceNode.textValue())) {
            connection.close(SyncConnection.CLOSE_BAD_MESSAGE, "deviceId is required: 1-64 letters, digits, '.', '_' or '-'");
            return;
        }
        long cursor = 0;
        if (cursorNode != null && !cursorNode.isNull()) {
            if (!cursorNode.isIntegralNumber() || cursorNode.longValue() < 0) {
                connection.close(SyncConnection.CLOSE_BAD_MESSAGE, "cursor must be a whole number, 0 or more");
                return;
            }
            cursor = cursorNode.longValue();
        }
        connection.greet(user.get(), new DeviceId(deviceNode.textValue()), cursor);
        hub.register(connection);
        ObjectNode welcome = Json.MAPPER.createObjectNode();
        welcome.put("type", "hello");
        welcome.put("userId", user.get().toString());
        welcome.put("deviceId", deviceNode.textValue());
        connection.send(welcome.toString());
        catchUp.execute(() -> connection.catchUp(hub.pull()));
    }

    private void forget(String sessionId) {
        headerAuth.remove(sessionId);
        SyncConnection connection = bySession.remove(sessionId);
        if (connection != null) {
            connection.markClosed();
            hub.unregister(connection);
        }
    }

    public void close() {
        catchUp.shutdownNow();
        timers.shutdownNow();
    }
}
