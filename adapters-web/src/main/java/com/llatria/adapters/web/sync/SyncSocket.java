package com.llatria.adapters.web.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llatria.adapters.web.Json;
import com.llatria.adapters.web.auth.JwtAccessTokens;
import com.llatria.adapters.web.auth.Sessions;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.user.SessionsEnded;
import com.llatria.domain.user.UserId;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The WebSocket endpoint ({@code /sync}). The client authenticates with its access token, in the
 * upgrade's Authorization header or in its first message, never in the URL:
 * {@code {"type": "hello", "token": "…", "deviceId": "desk-7f3a", "cursor": 18}}. It then receives
 * every change after its cursor ({@code sync:changes} pages), then live events. Pings every
 * 25 s and a 60 s idle timeout drop dead connections; clients may also send {@code {"type": "ping"}}.
 * A socket lives no longer than the token that opened it: when the token expires, even while
 * connected, the server closes it with 4401, and the client reconnects with a fresh token.
 * A client is held to {@link Limits}: bytes rendered for it and not yet written (4429 beyond), and
 * sockets per account on this instance (4403 beyond), so one account cannot grow server memory
 * without bound.
 */
public final class SyncSocket {
    public static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration PING_EVERY = Duration.ofSeconds(25);
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    /**
     * A client that has sent nothing for this long, not even the pong every WebSocket client
     * answers a ping with, is dropped (finding 7.14): the server's own pings count as activity
     * for the idle timeout, so without this a client that keeps TCP open and stops answering
     * would never go.
     */
    public static final Duration MAX_SILENCE = Duration.ofSeconds(60);
    public static final int MAX_PENDING = 500;

    /**
     * {@code maxUnsentBytes}: what may wait for one client, rendered but not written to its socket
     * (one message always passes, whatever its size); {@code maxSocketsPerUser}: an account's
     * sockets on one instance; {@code pageDeadline}: how long a catch-up page may wait to be taken
     * before the client is dropped as too slow (4429).
     */
    public record Limits(long maxUnsentBytes, int maxSocketsPerUser, Duration pingEvery, Duration maxSilence, Duration pageDeadline) {
        public static final Limits DEFAULT = new Limits(4L << 20, 20);

        public Limits {
            if (maxUnsentBytes < 1) throw new IllegalArgumentException("maxUnsentBytes must be positive");
            if (maxSocketsPerUser < 1) throw new IllegalArgumentException("maxSocketsPerUser must be positive");
            if (pingEvery.isNegative() || pingEvery.isZero()) throw new IllegalArgumentException("pingEvery must be positive");
            if (maxSilence.compareTo(pingEvery.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("maxSilence must give the client at least two pings to answer");
            }
            if (pageDeadline.isNegative() || pageDeadline.isZero()) throw new IllegalArgumentException("pageDeadline must be positive");
        }

        public Limits(long maxUnsentBytes, int maxSocketsPerUser, Duration pingEvery, Duration maxSilence) {
            this(maxUnsentBytes, maxSocketsPerUser, pingEvery, maxSilence, SyncConnection.PAGE_DEADLINE);
        }

        /** Pings every {@link #PING_EVERY}; a client silent for {@link #MAX_SILENCE} is dropped. */
        public Limits(long maxUnsentBytes, int maxSocketsPerUser) {
            this(maxUnsentBytes, maxSocketsPerUser, PING_EVERY, MAX_SILENCE);
        }
    }

    /** What the sockets have held and done, for tests and benchmarks. */
    public static final class Stats {
        final AtomicLong pagesRendered = new AtomicLong();
        private final AtomicLong maxUnsent = new AtomicLong();

        void unsent(long bytes) {
            maxUnsent.accumulateAndGet(bytes, Math::max);
        }

        /** Catch-up pages rendered so far. */
        public long pagesRendered() {
            return pagesRendered.get();
        }

        /** The most bytes ever waiting for any one client, rendered but not yet written to its socket. */
        public long maxUnsentBytes() {
            return maxUnsent.get();
        }
    }

    private final SyncHub hub;
    private final JwtAccessTokens tokens;
    private final Map<String, SyncConnection> bySession = new ConcurrentHashMap<>();
    private final Map<String, JwtAccessTokens.Verified> headerAuth = new ConcurrentHashMap<>();
    /** Per session, the close due when its token expires (cancelled when the socket closes first). */
    private final Map<String, ScheduledFuture<?>> expiries = new ConcurrentHashMap<>();
    private final ExecutorService catchUp = Executors.newFixedThreadPool(2, daemon("sync-catch-up"));
    private final ScheduledExecutorService timers = timers();
    private final Clock clock;
    private final Sessions sessions;
    private final Limits limits;
    private final Stats stats = new Stats();

    public SyncSocket(SyncHub hub, JwtAccessTokens tokens, Clock clock, Sessions sessions, Limits limits) {
        this.hub = hub;
        this.tokens = tokens;
        this.clock = clock;
        this.sessions = sessions;
        this.limits = limits;
        long sweep = Math.max(10, limits.maxSilence().toMillis() / 4);
        timers.scheduleWithFixedDelay(this::dropSilentSafely, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    private void dropSilentSafely() {
        try {
            dropSilent();
        } catch (RuntimeException e) {
            // one odd connection must not end the sweeps (a scheduled task that throws never runs again)
        }
    }

    public Stats stats() {
        return stats;
    }

    /** Bytes rendered and not yet written, for each open connection (for tests). */
    public List<Long> unsentBytes() {
        return bySession.values().stream().map(SyncConnection::unsentBytes).toList();
    }

    private static ScheduledExecutorService timers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, daemon("sync-socket-timer"));
        // A cancelled expiry leaves the queue at once, not when its (up to 15 minutes) delay runs out.
        timers.setRemoveOnCancelPolicy(true);
        return timers;
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
            // Never shorter than the silence allowed: that sweep, not the idle timeout, drops a silent client.
            ctx.session.setIdleTimeout(IDLE_TIMEOUT.compareTo(limits.maxSilence()) >= 0 ? IDLE_TIMEOUT : limits.maxSilence());
            ctx.enableAutomaticPings(limits.pingEvery().toMillis(), TimeUnit.MILLISECONDS);
            SyncConnection connection = new SyncConnection(ctx.session, MAX_PENDING, limits.maxUnsentBytes(), limits.pageDeadline(), stats);
            connection.heard(bytesIn(ctx.session), System.nanoTime());
            bySession.put(ctx.sessionId(), connection);
            String header = ctx.header("Authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                Optional<JwtAccessTokens.Verified> user = tokens.check(header.substring(7).trim()).filter(this::current);
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
        Optional<JwtAccessTokens.Verified> user = Optional.ofNullable(headerAuth.get(ctx.sessionId()));
        JsonNode token = message.get("token");
        if (token != null && token.isTextual()) user = tokens.check(token.textValue()).filter(this::current);
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
            // canConvertToLong: a number past 2^63-1 would otherwise wrap (2^64 + 1 read as 1).
            if (!cursorNode.isIntegralNumber() || !cursorNode.canConvertToLong() || cursorNode.longValue() < 0) {
                connection.close(SyncConnection.CLOSE_BAD_MESSAGE, "cursor must be a whole number, 0 or more");
                return;
            }
            cursor = cursorNode.longValue();
        }
        if (!expireAt(ctx.sessionId(), connection, user.get().expiresAt())) return;
        connection.greet(user.get().user(), user.get().epoch(), new DeviceId(deviceNode.textValue()), cursor);
        if (!hub.register(connection, limits.maxSocketsPerUser())) {
            connection.close(SyncConnection.CLOSE_TOO_MANY_SOCKETS,
                    "too many sockets for this account (" + limits.maxSocketsPerUser() + "); close one first");
            return;
        }
        // Closed meanwhile: forget() may have run before the register above.
        if (connection.isClosed()) hub.unregister(connection);
        // Deactivated, or the password changed, between the check above and the register: the
        // hub's close of the account's sockets may have missed this one, so look again now that it is registered.
        if (!current(user.get())) {
            connection.close(SyncConnection.CLOSE_UNAUTHENTICATED, ENDED);
            hub.unregister(connection);
            return;
        }
        ObjectNode welcome = Json.MAPPER.createObjectNode();
        welcome.put("type", "hello");
        welcome.put("userId", user.get().user().toString());
        welcome.put("deviceId", deviceNode.textValue());
        connection.send(welcome.toString());
        connection.catchUp(hub.pull(), catchUp, timers);
    }

    /**
     * Schedules the socket's close for when its token expires; false (and closed now) if it
     * already has, between the check and here.
     */
    private boolean expireAt(String sessionId, SyncConnection connection, Instant expiresAt) {
        long delay = expiresAt.toEpochMilli() - clock.millis();
        if (delay <= 0) {
            connection.close(SyncConnection.CLOSE_UNAUTHENTICATED, "the access token has expired");
            return false;
        }
        ScheduledFuture<?> expiry = timers.schedule(
                () -> connection.close(SyncConnection.CLOSE_UNAUTHENTICATED, "the access token has expired; reconnect with a fresh one"),
                delay, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> earlier = expiries.put(sessionId, expiry);
        if (earlier != null) earlier.cancel(false);
        // Closed meanwhile: forget() may have run before the put above.
        if (!bySession.containsKey(sessionId)) cancelExpiry(sessionId);
        return true;
    }

    private void cancelExpiry(String sessionId) {
        ScheduledFuture<?> expiry = expiries.remove(sessionId);
        if (expiry != null) expiry.cancel(false);
    }

    /** Closes the ended sessions' live sockets on every instance (the account was deactivated, its password changed). */
    public void endSessions(SessionsEnded ended) {
        hub.endSessions(ended);
    }

    static final String ENDED = "the session has ended (password changed or account deactivated); sign in again";

    private boolean current(JwtAccessTokens.Verified token) {
        return sessions.isCurrent(token.user(), token.epoch());
    }

    /**
     * Drops every socket whose client has sent nothing (no pong, no message) for longer than
     * {@code maxSilence}. What a client sent is read from the connection's count of bytes in,
     * which includes the pongs Jetty does not hand to the application.
     */
    private void dropSilent() {
        long now = System.nanoTime();
        for (Map.Entry<String, SyncConnection> entry : bySession.entrySet()) {
            SyncConnection connection = entry.getValue();
            // Finding 7.22 (and S.18): the deactivation's or password change's message to this
            // instance can be lost (Redis away at that moment); the session is looked at again on
            // every sweep (the check is cached for at most 30 s), so such a socket goes within 30 s plus a sweep.
            if (connection.greeted() && !connection.isClosed() && !currentOrUnknown(connection)) {
                connection.close(SyncConnection.CLOSE_UNAUTHENTICATED, ENDED);
                continue;
            }
            long in = bytesIn(connection.session());
            if (in < 0) continue;
            connection.heard(in, now);
            if (now - connection.lastHeardNanos() > limits.maxSilence().toNanos()) {
                connection.silent("no answer to pings for " + limits.maxSilence().toSeconds() + " s");
            }
        }
    }

    /** Whether the socket's session still holds; true when that cannot be told now (the database is away: close nothing on that). */
    private boolean currentOrUnknown(SyncConnection connection) {
        try {
            return sessions.isCurrent(connection.user(), connection.epoch());
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** Bytes received on the socket so far, pongs included; -1 if the server does not tell. */
    static long bytesIn(org.eclipse.jetty.websocket.api.Session session) {
        if (session instanceof org.eclipse.jetty.websocket.common.WebSocketSession jetty
                && jetty.getCoreSession() instanceof org.eclipse.jetty.websocket.core.WebSocketCoreSession core
                && core.getConnection() != null) {
            return core.getConnection().getBytesIn();
        }
        return -1;
    }

    private void forget(String sessionId) {
        headerAuth.remove(sessionId);
        cancelExpiry(sessionId);
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
