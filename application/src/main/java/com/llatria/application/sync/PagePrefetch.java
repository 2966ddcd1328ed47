package com.llatria.application.sync;

import com.llatria.domain.port.SyncFeed;
import com.llatria.domain.user.UserId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * Reads the next page of a page set while the client is still busy with the last one. A client
 * that got {@code hasMore} asks next for the cursor it was given; reading that page ahead lets the
 * database work while this server renders and sends the last page and the client applies it,
 * instead of each waiting for the other (a first sync is hundreds of such pages).
 *
 * <p>A page read ahead is served only if the owner's version and floor are still those it was
 * read at (checked when the client asks), so it is the page a read at that moment would give;
 * otherwise the page is read again. It goes only to a pull of the same owner, cursor and limit,
 * once, and only while {@link #FRESH}; at most {@link #IN_FLIGHT} reads run ahead at once and
 * {@link #MAX_HELD} pages wait, so an abandoned page set costs one read and one held page, for a
 * few seconds.
 */
final class PagePrefetch {
    static final Duration FRESH = Duration.ofSeconds(3);
    static final int IN_FLIGHT = 2;
    static final int MAX_HELD = 8;

    private record Key(UserId owner, long after, int limit) {
    }

    private record Held(CompletableFuture<SyncFeed.Page> page, Instant at) {
    }

    private final SyncFeed feed;
    private final Executor executor;
    private final Clock clock;
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final Map<Key, Held> held = new LinkedHashMap<>(); // guarded by itself

    PagePrefetch(SyncFeed feed, Executor executor, Clock clock) {
        this.feed = feed;
        this.executor = executor;
        this.clock = clock;
    }

    /** The page read ahead for exactly this request, if there is a fresh one (waiting for it if it is still being read). */
    Optional<SyncFeed.Page> take(UserId owner, long after, int limit) {
        Held ahead;
        synchronized (held) {
            ahead = held.remove(new Key(owner, after, limit));
        }
        if (ahead == null || clock.instant().isAfter(ahead.at().plus(FRESH))) return Optional.empty();
        SyncFeed.Page page;
        try {
            page = ahead.page().join();
        } catch (CompletionException failed) {
            return Optional.empty(); // read it again in the request: its failure is reported there
        }
        // Served only if nothing was written (nor purged) since it was read: every change of the
        // owner's items moves the owner's version, so the page is then exactly the one a read now
        // would give, and pull stays as current as without reading ahead (two key lookups instead
        // of the page's statement).
        if (feed.currentVersion(owner) != page.currentVersion() || feed.floor(owner) != page.floor()) return Optional.empty();
        return Optional.of(page);
    }

    /** Starts reading the page a client at {@code after} asks for next, unless enough reads are running ahead already. */
    void readAhead(UserId owner, long after, int limit) {
        if (!inFlight.tryAcquire()) return;
        Key key = new Key(owner, after, limit);
        CompletableFuture<SyncFeed.Page> page;
        try {
            page = CompletableFuture.supplyAsync(() -> feed.page(owner, after, limit), executor);
        } catch (RejectedExecutionException busy) {
            inFlight.release();
            return;
        }
        page.whenComplete((done, failure) -> inFlight.release());
        Instant now = clock.instant();
        synchronized (held) {
            held.put(key, new Held(page, now));
            for (Iterator<Held> oldest = held.values().iterator(); held.size() > MAX_HELD && oldest.hasNext(); ) {
                oldest.next();
                oldest.remove();
            }
        }
    }

    /** Pages held now (for tests). */
    int held() {
        synchronized (held) {
            return held.size();
        }
    }
}
