package com.llatria.adapters.persistence.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.port.EventBus;
import com.llatria.domain.sync.ChangeKind;
import com.llatria.domain.sync.ChangeLogEntry;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.user.SessionsEnded;
import com.llatria.domain.user.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisPubSub;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Events between server instances over Redis pub/sub. A change is handed to this instance's
 * listeners at once and queued for Redis; a publisher thread sends it, a subscriber thread hears
 * the other instances' changes. Nothing here ever blocks a write: publishing only offers to a
 * bounded queue, and Redis calls have finite timeouts ({@link RedisConnections}).
 *
 * <p>When Redis goes away, this instance's own events still reach its own clients, other
 * instances' events are lost (they are hints: pull is the record), and once the subscriber is
 * back every listener hears {@code missed}, so that clients are told to pull.
 *
 * <p>A subscribed connection waits for messages with no read timeout (Jedis turns it off), so a
 * Redis that stops answering without closing the connection (a silent partition) would never be
 * noticed. A watchdog therefore pings on the subscription every {@code pingEvery}; when nothing
 * (message, pong, subscribe confirmation) has come back for {@code deadAfter}, it drops the
 * connection, and the subscriber connects again, as after any outage.
 */
public final class RedisEventBus implements EventBus, AutoCloseable {
    public static final String CHANNEL = "llatria:changes";
    private static final Logger LOG = LoggerFactory.getLogger(RedisEventBus.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    public static final Duration PING_EVERY = Duration.ofSeconds(1);
    /** The message kinds ("e") of {@link #publishSessionsEnded}: all of them, or those before epoch "n"; a change has none. */
    private static final String SESSIONS_ENDED = "sessions-ended";
    private static final String SESSIONS_ENDED_BEFORE = "sessions-ended-before";
    public static final Duration DEAD_AFTER = Duration.ofSeconds(3);

    private record Listener(Consumer<ChangeLogEntry> changes, Runnable missed) {
    }

    private final JedisPooled redis;
    private final String origin = UUID.randomUUID().toString();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<SessionsEnded>> sessionListeners = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> outbox = new ArrayBlockingQueue<>(10_000);
    private final Thread publisher;
    private final Thread subscriber;
    private volatile boolean running = true;
    private volatile JedisPubSub subscription;
    private volatile boolean subscribed;
    private volatile boolean lostLink;
    /** The subscription's connection while it is open, and when anything last came back on it (nanoTime). */
    private volatile Connection link;
    private volatile long lastHeard;
    private final Object writing = new Object();
    private final ScheduledExecutorService watchdog;
    private final long deadAfterNanos;

    public RedisEventBus(JedisPooled redis) {
        this(redis, PING_EVERY, DEAD_AFTER);
    }

    /** {@code pingEvery}: health pings on the subscription; {@code deadAfter}: silence after which it is dropped. */
    public RedisEventBus(JedisPooled redis, Duration pingEvery, Duration deadAfter) {
        if (deadAfter.compareTo(pingEvery) <= 0) throw new IllegalArgumentException("deadAfter must be longer than pingEvery");
        this.redis = redis;
        this.deadAfterNanos = deadAfter.toNanos();
        this.publisher = new Thread(this::publishLoop, "redis-events-out");
        this.subscriber = new Thread(this::subscribeLoop, "redis-events-in");
        publisher.setDaemon(true);
        subscriber.setDaemon(true);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "redis-events-watch");
            thread.setDaemon(true);
            return thread;
        });
        publisher.start();
        subscriber.start();
        watchdog.scheduleWithFixedDelay(this::checkLink, pingEvery.toMillis(), pingEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the subscriber is connected (for health checks and tests). */
    public boolean connected() {
        return subscribed;
    }

    @Override
    public void publish(ChangeLogEntry change) {
        deliver(change);
        if (!outbox.offer(encode(change))) {
            // Redis is slow or gone and the backlog is full: the other instances will miss this one.
            lostLink = true;
        }
    }

    @Override
    public Subscription subscribe(Consumer<ChangeLogEntry> listener) {
        return subscribe(listener, () -> { });
    }

    @Override
    public void publishSessionsEnded(SessionsEnded ended) {
        for (Consumer<SessionsEnded> listener : sessionListeners) safely(() -> listener.accept(ended));
        ObjectNode node = JSON.createObjectNode();
        node.put("o", origin);
        node.put("u", ended.user().value().toString());
        if (ended instanceof SessionsEnded.Before before) {
            // Its own kind: an older instance reads it as unreadable and ignores it, instead of as a deactivation.
            node.put("e", SESSIONS_ENDED_BEFORE);
            node.put("n", before.epoch());
        } else {
            node.put("e", SESSIONS_ENDED);
        }
        if (!outbox.offer(node.toString())) lostLink = true;
    }

    @Override
    public Subscription subscribeSessionsEnded(Consumer<SessionsEnded> listener) {
        sessionListeners.add(listener);
        return () -> sessionListeners.remove(listener);
    }

    @Override
    public Subscription subscribe(Consumer<ChangeLogEntry> listener, Runnable missed) {
        Listener entry = new Listener(listener, missed);
        listeners.add(entry);
        return () -> listeners.remove(entry);
    }

    @Override
    public void close() {
        running = false;
        watchdog.shutdownNow();
        publisher.interrupt();
        JedisPubSub current = subscription;
        if (current != null && subscribed) {
            try {
                synchronized (writing) {
                    current.unsubscribe();
                }
            } catch (RuntimeException ignored) {
                // the link is already gone; the thread ends on its own
            }
        }
        Connection open = link;
        if (open != null && !subscribed) open.disconnect();
        subscriber.interrupt();
    }

    /** The watchdog: pings the subscription, or drops it when it has been silent for too long. */
    private void checkLink() {
        Connection open = link;
        JedisPubSub current = subscription;
        if (open == null || current == null || !running) return;
        if (System.nanoTime() - lastHeard > deadAfterNanos) {
            if (!lostLink) LOG.warn("Redis has not answered for {} ms; dropping the subscription and connecting again",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHeard));
            lostLink = true;
            subscribed = false;
            try {
                // Closing the socket ends the subscriber's blocked read at once.
                open.disconnect();
            } catch (RuntimeException ignored) {
                // already closed
            }
            return;
        }
        if (!current.isSubscribed()) return;
        try {
            synchronized (writing) {
                current.ping();
            }
        } catch (RuntimeException e) {
            // the subscriber's read fails too, and it connects again
        }
    }

    private void publishLoop() {
        while (running) {
            String message;
            try {
                message = outbox.poll(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (message == null) continue;
            try {
                redis.publish(CHANNEL, message);
            } catch (RuntimeException e) {
                // Dropped: an event is a hint. Drain what is queued quickly rather than time out on each.
                if (!lostLink) LOG.warn("Redis unavailable, live events to other instances are dropped until it is back: {}", e.toString());
                lostLink = true;
                outbox.clear();
            }
        }
    }

    private void subscribeLoop() {
        long backoff = 50;
        while (running) {
            JedisPubSub pubSub = new JedisPubSub() {
                @Override
                public void onSubscribe(String channel, int count) {
                    lastHeard = System.nanoTime();
                    subscribed = true;
                    if (lostLink) {
                        lostLink = false;
                        LOG.info("Redis is back; telling clients to pull what they may have missed");
                        listeners.forEach(l -> safely(l.missed()));
                    }
                }

                @Override
                public void onPong(String pattern) {
                    lastHeard = System.nanoTime();
                }

                @Override
                public void onMessage(String channel, String message) {
                    lastHeard = System.nanoTime();
                    ChangeLogEntry change;
                    try {
                        JsonNode node = JSON.readTree(message);
                        if (origin.equals(node.path("o").asText())) return;
                        String kind = node.path("e").asText();
                        if (SESSIONS_ENDED.equals(kind) || SESSIONS_ENDED_BEFORE.equals(kind)) {
                            UserId user = new UserId(UUID.fromString(node.get("u").asText()));
                            SessionsEnded ended = SESSIONS_ENDED.equals(kind) ? new SessionsEnded.Deactivated(user)
                                    : new SessionsEnded.Before(user, node.get("n").longValue());
                            for (Consumer<SessionsEnded> listener : sessionListeners) safely(() -> listener.accept(ended));
                            return;
                        }
                        change = decode(node);
                    } catch (Exception e) {
                        LOG.warn("ignoring an unreadable event on {}", channel);
                        return;
                    }
                    deliver(change);
                }
            };
            subscription = pubSub;
            Connection connection = null;
            try {
                // Our own connection (from the pool), so that the watchdog can close it.
                connection = redis.getPool().getResource();
                lastHeard = System.nanoTime();
                link = connection;
                pubSub.proceed(connection, CHANNEL);
                backoff = 50;
            } catch (RuntimeException e) {
                if (!lostLink && running) LOG.warn("lost the Redis subscription, retrying: {}", e.toString());
                lostLink = running;
            } finally {
                subscribed = false;
                link = null;
                if (connection != null) {
                    try {
                        connection.close();
                    } catch (RuntimeException ignored) {
                        // a broken connection leaves the pool either way
                    }
                }
            }
            if (!running) return;
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
        }
    }

    private void deliver(ChangeLogEntry change) {
        for (Listener listener : listeners) safely(() -> listener.changes().accept(change));
    }

    private static void safely(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("an event listener failed", e);
        }
    }

    private String encode(ChangeLogEntry change) {
        ObjectNode node = JSON.createObjectNode();
        node.put("o", origin);
        node.put("u", change.owner().value().toString());
        node.put("v", change.version());
        node.put("i", change.item().value().toString());
        node.put("k", change.kind().name());
        node.put("d", change.device().value());
        node.put("t", change.at().toString());
        return node.toString();
    }

    private static ChangeLogEntry decode(JsonNode node) {
        return new ChangeLogEntry(new UserId(UUID.fromString(node.get("u").asText())), node.get("v").asLong(),
                new ItemId(UUID.fromString(node.get("i").asText())), ChangeKind.valueOf(node.get("k").asText()),
                new DeviceId(node.get("d").asText()), Instant.parse(node.get("t").asText()));
    }
}
