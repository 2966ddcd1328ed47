package com.llatria.adapters.web.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llatria.adapters.web.Json;
import com.llatria.adapters.web.Problems;
import com.llatria.application.UseCaseException;
import com.llatria.application.sync.SyncProblems;
import com.llatria.application.sync.SyncPull;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.user.UserId;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One device's socket. It first catches up (pages of changes after the device's cursor), then
 * goes live; live events that arrive while it catches up are held and sent after, without any
 * the catch-up already covered (too many to hold: the client is told to pull). Once live, every
 * change is sent, whatever its version: events are read at their newest state and may reach the
 * relay out of commit order, so dropping one "already covered" by a higher version could drop
 * another entity's change. Sends are asynchronous and counted: a client that lets more than
 * {@code maxPending} messages pile up is disconnected (4429) instead of growing server memory.
 */
final class SyncConnection {
    static final int CLOSE_BAD_MESSAGE = 4400;
    static final int CLOSE_UNAUTHENTICATED = 4401;
    static final int CLOSE_HELLO_TIMEOUT = 4408;
    static final int CLOSE_RESET_REQUIRED = 4409;
    static final int CLOSE_TOO_SLOW = 4429;

    private final Session session;
    private final int maxPending;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile UserId user;
    private volatile DeviceId device;
    private boolean live;
    private long sentUpTo;
    private final List<Held> held = new ArrayList<>();
    private volatile boolean closed;

    private boolean heldOverflow;

    /** {@code version}: the change's own version (the change log's), not its entity's. */
    private record Held(long version, List<String> messages) {
    }

    SyncConnection(Session session, int maxPending) {
        this.session = session;
        this.maxPending = maxPending;
    }

    UserId user() {
        return user;
    }

    DeviceId device() {
        return device;
    }

    boolean greeted() {
        return user != null;
    }

    void greet(UserId user, DeviceId device, long cursor) {
        this.user = user;
        this.device = device;
        this.sentUpTo = cursor;
    }

    /** Sends every change after the cursor, a page at a time, then what arrived meanwhile; then live. */
    void catchUp(SyncPull pull) {
        long cursor;
        synchronized (this) {
            cursor = sentUpTo;
        }
        try {
            boolean more = true;
            while (more && !closed) {
                SyncPull.Page page = pull.pull(user, device, SyncProblems.SCHEMA_VERSION, cursor, SyncPull.DEFAULT_LIMIT);
                send(new String(SyncJson.page("sync:changes", page), StandardCharsets.UTF_8));
                cursor = page.cursor();
                more = page.hasMore();
            }
        } catch (UseCaseException e) {
            ObjectNode message = Json.MAPPER.createObjectNode();
            message.put("type", "error");
            message.set("problem", Json.MAPPER.valueToTree(Problems.toProblem(e, "/sync")));
            send(message.toString());
            close("reset-required".equals(e.type()) ? CLOSE_RESET_REQUIRED : CLOSE_BAD_MESSAGE, e.type());
            return;
        }
        synchronized (this) {
            // Every change up to the catch-up's cursor had committed when its pages were read.
            sentUpTo = Math.max(sentUpTo, cursor);
            for (Held h : held) {
                if (h.version() > sentUpTo) h.messages().forEach(this::send);
            }
            held.clear();
            live = true;
            if (heldOverflow) send(SyncHub.PULL_HINT);
        }
    }

    /** A committed change for this connection's user, at the change log's {@code version}. */
    synchronized void live(long version, List<String> messages) {
        if (closed) return;
        if (!live) {
            if (held.size() < 1000) held.add(new Held(version, messages));
            else heldOverflow = true;
            return;
        }
        messages.forEach(this::send);
    }

    /** A message outside the change stream ({@code sync:pull}). */
    synchronized void hint(String message) {
        if (!closed && live) send(message);
    }

    synchronized void send(String message) {
        if (closed) return;
        if (pending.incrementAndGet() > maxPending) {
            // Dropped at once: what is queued for it is freed, rather than waiting behind the backlog.
            close(CLOSE_TOO_SLOW, "too slow: messages were not read; reconnect and pull");
            session.disconnect();
            return;
        }
        session.sendText(message, new Callback() {
            @Override
            public void succeed() {
                pending.decrementAndGet();
            }

            @Override
            public void fail(Throwable x) {
                pending.decrementAndGet();
            }
        });
    }

    void close(int code, String reason) {
        closed = true;
        if (session.isOpen()) session.close(code, reason, Callback.NOOP);
    }

    void markClosed() {
        closed = true;
    }
}
