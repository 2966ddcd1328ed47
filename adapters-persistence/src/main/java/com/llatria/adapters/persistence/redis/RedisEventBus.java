package com.llatria.adapters.persistence.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.port.EventBus;
import com.llatria.domain.sync.ChangeKind;
import com.llatria.domain.sync.ChangeLogEntry;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.user.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisPubSub;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
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
 */
public final class RedisEventBus implements EventBus, AutoCloseable {
    public static final String CHANNEL = "llatria:changes";
    private static final Logger LOG = LoggerFactory.getLogger(RedisEventBus.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private record Listener(Consumer<ChangeLogEntry> changes, Runnable missed) {
    }

    private final JedisPooled redis;
    private final String origin = UUID.randomUUID().toString();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> outbox = new ArrayBlockingQueue<>(10_000);
    private final Thread publisher;
    private final Thread subscriber;
    private volatile boolean running = true;
    private volatile JedisPubSub subscription;
    private volatile boolean subscribed;
    private volatile boolean lostLink;

    public RedisEventBus(JedisPooled redis) {
        this.redis = redis;
        this.publisher = new Thread(this::publishLoop, "redis-events-out");
        this.subscriber = new Thread(this::subscribeLoop, "redis-events-in");
        publisher.setDaemon(true);
        subscriber.setDaemon(true);
        publisher.start();
        subscriber.start();
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
    public Subscription subscribe(Consumer<ChangeLogEntry> listener, Runnable missed) {
        Listener entry = new Listener(listener, missed);
        listeners.add(entry);
        return () -> listeners.remove(entry);
    }

    @Override
    public void close() {
        running = false;
        publisher.interrupt();
        JedisPubSub current = subscription;
        if (current != null && subscribed) {
            try {
                current.unsubscribe();
            } catch (RuntimeException ignored) {
                // the link is already gone; the thread ends on its own
            }
        }
        subscriber.interrupt();
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
                    subscribed = true;
                    if (lostLink) {
                        lostLink = false;
                        LOG.info("Redis is back; telling clients to pull what they may have missed");
                        listeners.forEach(l -> safely(l.missed()));
                    }
                }

                @Override
                public void onMessage(String channel, String message) {
                    ChangeLogEntry change;
                    try {
                        JsonNode node = JSON.readTree(message);
                        if (origin.equals(node.path("o").asText())) return;
                        change = decode(node);
                    } catch (Exception e) {
                        LOG.warn("ignoring an unreadable event on {}", channel);
                        return;
                    }
                    deliver(change);
                }
            };
            subscription = pubSub;
            try {
                redis.subscribe(pubSub, CHANNEL);
                backoff = 50;
            } catch (RuntimeException e) {
                if (!lostLink && running) LOG.warn("lost the Redis subscription, retrying: {}", e.toString());
                lostLink = running;
            } finally {
                subscribed = false;
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
