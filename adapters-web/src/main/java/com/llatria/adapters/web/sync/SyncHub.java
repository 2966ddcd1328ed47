package com.llatria.adapters.web.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llatria.adapters.web.Json;
import com.llatria.application.sync.SyncPull;
import com.llatria.domain.port.EventBus;
import com.llatria.domain.sync.ChangeLogEntry;
import com.llatria.domain.sync.RecordedConflict;
import com.llatria.domain.user.SessionsEnded;
import com.llatria.domain.user.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This instance's live connections, by user, and the relay from the {@link EventBus} to them.
 * Each committed change is read once (the item as the API shows it, and the conflicts the write
 * recorded), rendered once, and sent to every connection of its owner here and to nobody else.
 * The relay runs on its own thread behind a bounded queue, so a burst of writes never waits on
 * sockets; if the queue overflows, or events between instances were lost, every client is told
 * to pull ({@code sync:pull}): pull is the source of truth, events are hints with data.
 */
public final class SyncHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncHub.class);
    private static final int QUEUE = 10_000;

    private final EventBus events;
    private final SyncPull pull;
    private final Map<UserId, Set<SyncConnection>> byUser = new ConcurrentHashMap<>();
    private final BlockingQueue<ChangeLogEntry> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final AtomicBoolean missed = new AtomicBoolean();
    private volatile boolean running;
    private boolean closed;
    private Thread relay;
    private EventBus.Subscription subscription;
    private EventBus.Subscription sessionsEnded;

    public SyncHub(EventBus events, SyncPull pull) {
        this.events = events;
        this.pull = pull;
    }

    public synchronized void start() {
        if (running || closed) return;
        running = true;
        subscription = events.subscribe(this::enqueue, () -> missed.set(true));
        sessionsEnded = events.subscribeSessionsEnded(this::closeSessions);
        relay = new Thread(this::relay, "sync-relay");
        relay.setDaemon(true);
        relay.start();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (!running) return;
        running = false;
        subscription.close();
        sessionsEnded.close();
        relay.interrupt();
        byUser.values().forEach(connections -> connections.forEach(c -> c.close(1001, "server stopping")));
        byUser.clear();
    }

    /** How many connections this instance holds (for tests and benchmarks). */
    public int connections() {
        return byUser.values().stream().mapToInt(Set::size).sum();
    }

    /** False, and not registered, if the user already has {@code maxPerUser} connections here. */
    boolean register(SyncConnection connection, int maxPerUser) {
        start();
        boolean[] added = {false};
        byUser.compute(connection.user(), (u, set) -> {
            if (set == null) set = ConcurrentHashMap.newKeySet();
            if (set.size() < maxPerUser) added[0] = set.add(connection);
            return set.isEmpty() ? null : set;
        });
        return added[0];
    }

    void unregister(SyncConnection connection) {
        if (connection.user() == null) return;
        byUser.computeIfPresent(connection.user(), (u, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    SyncPull pull() {
        return pull;
    }

    /**
     * Closes the ended sessions' live connections on every instance (4401): the account was
     * deactivated or its password changed, and a socket must not outlive that until its token
     * expires. Call after the change committed.
     */
    public void endSessions(SessionsEnded ended) {
        events.publishSessionsEnded(ended);
    }

    private void closeSessions(SessionsEnded ended) {
        Set<SyncConnection> connections = byUser.get(ended.user());
        if (connections == null) return;
        for (SyncConnection connection : connections) {
            if (ended.ends(connection.epoch())) connection.close(SyncConnection.CLOSE_UNAUTHENTICATED, SyncSocket.ENDED);
        }
    }

    private void enqueue(ChangeLogEntry change) {
        // Only this instance's users matter here; the publisher's thread must never block.
        if (!byUser.containsKey(change.owner())) return;
        if (!queue.offer(change)) overflowed.set(true);
    }

    private void relay() {
        while (running) {
            try {
                ChangeLogEntry change = queue.poll(200, TimeUnit.MILLISECONDS);
                if (change != null) deliver(change);
                if (queue.isEmpty() && (overflowed.getAndSet(false) | missed.getAndSet(false))) broadcastPull();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // A database hiccup loading one event: the clients will see a version gap and pull.
                LOG.warn("could not relay a change: {}", e.toString());
            }
        }
    }

    private void deliver(ChangeLogEntry change) {
        Set<SyncConnection> connections = byUser.get(change.owner());
        if (connections == null || connections.isEmpty()) return;
        SyncPull.Event event = pull.event(change);
        List<String> messages = new ArrayList<>();
        if (event.entity().isPresent()) {
            String type = type(change, event.entity().get().item().deleted());
            // Rendered once for every connection of the owner on this instance.
            messages.add(SyncJson.event(type, event.entity().get(), change.device().value()));
        }
        for (RecordedConflict conflict : event.conflicts()) {
            ObjectNode message = Json.MAPPER.createObjectNode();
            message.put("type", "sync:conflict");
            message.put("version", conflict.version());
            message.set("conflict", SyncJson.conflict(conflict));
            messages.add(message.toString());
        }
        for (SyncConnection connection : connections) connection.live(change.version(), messages);
    }

    /**
     * The event's name: from the change's kind, except that an entity deleted meanwhile is
     * announced as deleted (the event carries its newest state).
     */
    static String type(ChangeLogEntry change, boolean deleted) {
        if (deleted) return "inventory:deleted";
        return switch (change.kind()) {
            case POSTING -> "posting:status-changed";
            // Even when read at a later version: a client hears of a new item first as created.
            case CREATE -> "inventory:created";
            case UPDATE, DELETE -> "inventory:updated";
        };
    }

    static final String PULL_HINT = "{\"type\":\"sync:pull\",\"reason\":\"some live events may have been missed; pull to catch up\"}";

    private void broadcastPull() {
        byUser.values().forEach(connections -> connections.forEach(c -> c.hint(PULL_HINT)));
    }
}
