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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One device's socket. It first catches up (pages of changes after the device's cursor), then
 * goes live; live events that arrive while it catches up are held and sent after, without any
 * the catch-up already covered (too many to hold: the client is told to pull). Once live, every
 * change is sent, whatever its version: events are read at their newest state and may reach the
 * relay out of commit order, so dropping one "already covered" by a higher version could drop
 * another entity's change. Sends are asynchronous and counted: a client that lets more than
 * {@code maxPending} messages or {@code maxUnsentBytes} bytes pile up is disconnected (4429)
 * instead of growing server memory. One message always passes whatever its size, or a page bigger
 * than the bound could never be sent.
 */
final class SyncConnection {
    static final int CLOSE_BAD_MESSAGE = 4400;
    static final int CLOSE_UNAUTHENTICATED = 4401;
    static final int CLOSE_HELLO_TIMEOUT = 4408;
    static final int CLOSE_RESET_REQUIRED = 4409;
    static final int CLOSE_TOO_SLOW = 4429;
    static final int CLOSE_TOO_MANY_SOCKETS = 4403;
    /** Nothing heard from the client, not even a pong, for {@code maxSilence} (finding 7.14). */
    static final int CLOSE_SILENT = 4408;
    private static final int MAX_HELD = 1000;
    static final int CLOSE_UNAVAILABLE = 1011;
    /** Changes per catch-up page: with items of up to ~10 KB, about a megabyte in flight per socket. */
    static final int CATCH_UP_PAGE = 100;
    static final Duration PAGE_DEADLINE = Duration.ofSeconds(30);
    private final Duration pageDeadline;

    private final Session session;
    private final int maxPending;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong unsentBytes = new AtomicLong();
    private final long maxUnsentBytes;
    private final SyncSocket.Stats stats;
    private long heldBytes;
    private volatile UserId user;
    private volatile DeviceId device;
    /** The session epoch of the token it was greeted with: a password change ends it. */
    private volatile long epoch;
    private boolean live;
    private long sentUpTo;
    private final List<Held> held = new ArrayList<>();
    private volatile boolean closed;

    private boolean heldOverflow;
    /** The connection's bytes-in count when last looked at, and when it last grew (nanoTime). */
    private long bytesIn = -1;
    private volatile long lastHeard;

    /** {@code version}: the change's own version (the change log's), not its entity's. */
    private record Held(long version, List<String> messages) {
    }

    SyncConnection(Session session, int maxPending, long maxUnsentBytes, Duration pageDeadline, SyncSocket.Stats stats) {
        this.pageDeadline = pageDeadline;
        this.session = session;
        this.maxPending = maxPending;
        this.maxUnsentBytes = maxUnsentBytes;
        this.stats = stats;
    }

    Session session() {
        return session;
    }

    /** Records the socket's bytes-in count seen at {@code nanos}: if it grew, the client was heard. */
    synchronized void heard(long count, long nanos) {
        if (count != bytesIn) {
            bytesIn = count;
            lastHeard = nanos;
        }
    }

    long lastHeardNanos() {
        return lastHeard;
    }

    /** The client stopped answering: closed (it would not answer the close either) and disconnected. */
    void silent(String reason) {
        if (closed) return;
        close(CLOSE_SILENT, reason);
        session.disconnect();
    }

    /** Bytes rendered for this client and not yet written to its socket. */
    long unsentBytes() {
        return unsentBytes.get();
    }

    boolean isClosed() {
        return closed;
    }

    UserId user() {
        return user;
    }

    DeviceId device() {
        return device;
    }

    long epoch() {
        return epoch;
    }

    boolean greeted() {
        return user != null;
    }

    void greet(UserId user, long epoch, DeviceId device, long cursor) {
        this.epoch = epoch;
        this.user = user;
        this.device = device;
        this.sentUpTo = cursor;
    }

    /**
     * Sends every change after the cursor, a page at a time, then what arrived meanwhile; then
     * live. The next page is read and rendered only once the last one is written out, so a client
     * that does not read holds one page of server memory, not its whole inventory; one that has
     * not taken a page within the page deadline ({@link #PAGE_DEADLINE} unless set) is dropped (4429).
     */
    void catchUp(SyncPull pull, Executor executor, ScheduledExecutorService timers) {
        long cursor;
        synchronized (this) {
            cursor = sentUpTo;
        }
        executor.execute(() -> catchUpFrom(pull, executor, timers, cursor));
    }

    private void catchUpFrom(SyncPull pull, Executor executor, ScheduledExecutorService timers, long cursor) {
        if (closed) return;
        SyncPull.Page page;
        try {
            page = pull.pull(user, device, SyncProblems.SCHEMA_VERSION, cursor, CATCH_UP_PAGE);
        } catch (UseCaseException e) {
            ObjectNode message = Json.MAPPER.createObjectNode();
            message.put("type", "error");
            message.set("problem", Json.MAPPER.valueToTree(Problems.toProblem(e, "/sync")));
            send(message.toString());
            close("reset-required".equals(e.type()) ? CLOSE_RESET_REQUIRED : CLOSE_BAD_MESSAGE, e.type());
            return;
        } catch (RuntimeException e) {
            // The database is unreachable: a socket that never finishes its catch-up must not look live.
            close(CLOSE_UNAVAILABLE, "could not catch up; reconnect and pull");
            return;
        }
        AtomicBoolean written = new AtomicBoolean();
        ScheduledFuture<?> deadline = timers.schedule(() -> {
            if (!written.get()) tooSlow();
        }, pageDeadline.toMillis(), TimeUnit.MILLISECONDS);
        stats.pagesRendered.incrementAndGet();
        send(new String(SyncJson.page("sync:changes", page), StandardCharsets.UTF_8), ok -> {
            written.set(true);
            deadline.cancel(false);
            if (!ok || closed) return;
            if (page.hasMore()) executor.execute(() -> catchUpFrom(pull, executor, timers, page.cursor()));
            else goLive(page.cursor());
        });
    }

    private synchronized void goLive(long cursor) {
        // Every change up to the catch-up's cursor had committed when its pages were read.
        sentUpTo = Math.max(sentUpTo, cursor);
        for (Held h : held) {
            if (h.version() > sentUpTo) h.messages().forEach(this::send);
        }
        held.clear();
        heldBytes = 0;
        live = true;
        if (heldOverflow) send(SyncHub.PULL_HINT);
    }

    /** A committed change for this connection's user, at the change log's {@code version}. */
    synchronized void live(long version, List<String> messages) {
        if (closed) return;
        if (!live) {
            long bytes = 0;
            for (String m : messages) bytes += utf8Length(m);
            // Held events are bounded like unsent ones: beyond that the client pulls instead.
            if (held.size() < MAX_HELD && heldBytes + bytes <= maxUnsentBytes) {
                held.add(new Held(version, messages));
                heldBytes += bytes;
            } else {
                heldOverflow = true;
            }
            return;
        }
        messages.forEach(this::send);
    }

    /** A message outside the change stream ({@code sync:pull}). */
    synchronized void hint(String message) {
        if (!closed && live) send(message);
    }

    synchronized void send(String message) {
        send(message, ok -> {
        });
    }

    /**
     * Sends asynchronously; {@code done} hears whether the message was written. Messages and
     * characters waiting to be written are counted: past either bound the client is dropped.
     */
    private synchronized void send(String message, Consumer<Boolean> done) {
        if (closed) {
            done.accept(false);
            return;
        }
        long size = utf8Length(message);
        long before = unsentBytes.get();
        if (pending.get() >= maxPending || (before > 0 && before + size > maxUnsentBytes)) {
            tooSlow();
            done.accept(false);
            return;
        }
        pending.incrementAndGet();
        stats.unsent(unsentBytes.addAndGet(size));
        session.sendText(message, new Callback() {
            @Override
            public void succeed() {
                pending.decrementAndGet();
                unsentBytes.addAndGet(-size);
                done.accept(true);
            }

            @Override
            public void fail(Throwable x) {
                pending.decrementAndGet();
                unsentBytes.addAndGet(-size);
                done.accept(false);
            }
        });
    }

    /** The message's size on the wire, without encoding it. */
    static long utf8Length(String s) {
        long n = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) n += c >= 0x800 && !Character.isSurrogate(c) ? 2 : 1;
        }
        return n;
    }

    /** Dropped at once: what is queued for it is freed, rather than waiting behind the backlog. */
    private void tooSlow() {
        if (closed) return;
        close(CLOSE_TOO_SLOW, "too slow: messages were not read; reconnect and pull");
        session.disconnect();
    }

    void close(int code, String reason) {
        closed = true;
        if (session.isOpen()) session.close(code, reason, Callback.NOOP);
    }

    void markClosed() {
        closed = true;
    }
}
