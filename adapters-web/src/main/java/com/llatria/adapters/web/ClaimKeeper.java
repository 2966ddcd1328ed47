package com.llatria.adapters.web;

import com.llatria.domain.port.IdempotencyRecords;
import com.llatria.domain.port.IdempotencyRecords.ClaimToken;
import com.llatria.domain.port.IdempotencyRecords.Held;
import com.llatria.domain.port.IdempotencyRecords.StoredResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This server's Idempotency-Key claims. While a request runs, its claim is renewed every sixth of
 * the lease, so a slow request keeps its key however long it takes, and a claim whose server died
 * ends one lease after its last renewal (finding S.3). When the store is away as a request ends
 * (finding S.2: a database blip, the usual cause of a 503), the end is remembered here: the key
 * freed, or the answer kept, as soon as the store answers again (tried every quarter second),
 * the claim renewed meanwhile, so a retry neither waits for the lease nor runs done work again.
 *
 * <p>One daemon thread, started with the first claim. What is remembered dies with the server:
 * its claims then end with their lease, as any dead server's.
 */
final class ClaimKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClaimKeeper.class);
    private static final long TICK_MS = 250;
    /** Answers waiting for the store beyond this are dropped (their claims then end with the lease). */
    static final long MAX_PENDING_BYTES = 16L << 20;

    /** A request's end the store was away for: free the key (no answer) or keep the answer. */
    private record Pending(Held claim, Optional<StoredResponse> answer) {
        long bytes() {
            return answer.map(a -> (long) a.body().length).orElse(0L);
        }
    }

    private final IdempotencyRecords records;
    private final Clock clock;
    private final Duration lease;
    private final long renewEveryNanos;
    private final Map<ClaimToken, Held> held = new ConcurrentHashMap<>();
    private final Map<ClaimToken, Pending> pending = new LinkedHashMap<>(); // guarded by this
    private long pendingBytes; // guarded by this
    private long nextRenewalNanos = System.nanoTime(); // the timer thread's own
    private ScheduledExecutorService timer; // guarded by this
    private boolean closed; // guarded by this

    ClaimKeeper(IdempotencyRecords records, Clock clock, Duration lease) {
        this.records = records;
        this.clock = clock;
        this.lease = lease;
        this.renewEveryNanos = lease.toNanos() / 6;
    }

    Duration lease() {
        return lease;
    }

    /** How long a live claim goes between renewals. */
    Duration renewEvery() {
        return Duration.ofNanos(renewEveryNanos);
    }

    /** The request holding {@code claim} runs on this server: renew its claim until it ends. */
    void running(Held claim) {
        held.put(claim.token(), claim);
        start();
    }

    /** Its end reached the store: nothing more to do for it. */
    void ended(Held claim) {
        held.remove(claim.token());
    }

    /** The store was away to free the key: free it once the store answers. */
    void releaseLater(Held claim) {
        synchronized (this) {
            pending.put(claim.token(), new Pending(claim, Optional.empty()));
        }
    }

    /**
     * The store was away to keep the answer: keep it once the store answers, the claim renewed
     * meanwhile. False when too many answers already wait (then the claim ends with its lease).
     */
    boolean keepLater(Held claim, StoredResponse answer) {
        synchronized (this) {
            long bytes = answer.body().length;
            if (pendingBytes + bytes > MAX_PENDING_BYTES) {
                held.remove(claim.token());
                return false;
            }
            pending.put(claim.token(), new Pending(claim, Optional.of(answer)));
            pendingBytes += bytes;
            return true;
        }
    }

    /** How many ends wait for the store (for tests and logs). */
    synchronized int pendingEnds() {
        return pending.size();
    }

    private synchronized void start() {
        if (timer != null || closed) return;
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "idempotency-claims");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            finishPending();
            long now = System.nanoTime();
            if (now - nextRenewalNanos >= 0) {
                nextRenewalNanos = renew() ? now + renewEveryNanos : now + TimeUnit.SECONDS.toNanos(1);
            }
        } catch (RuntimeException e) {
            LOG.warn("Idempotency-Key claims: {}", e.toString()); // never let the timer die
        }
    }

    /** The ends the store was away for, oldest first, until one fails (the store is still away). */
    private void finishPending() {
        List<Pending> waiting;
        synchronized (this) {
            if (pending.isEmpty()) return;
            waiting = new ArrayList<>(pending.values());
        }
        for (Pending end : waiting) {
            Held claim = end.claim();
            try {
                if (end.answer().isPresent()) {
                    if (!records.complete(claim.key(), claim.token(), end.answer().get())) {
                        LOG.warn("an answer kept late for an Idempotency-Key found its claim taken over (the store was away longer than the {} lease)", lease);
                    }
                } else {
                    records.release(claim.key(), claim.token());
                }
            } catch (RuntimeException e) {
                return; // still away: the next tick tries again
            }
            synchronized (this) {
                pending.remove(claim.token());
                pendingBytes -= end.bytes();
            }
            held.remove(claim.token());
        }
        LOG.info("the store answers again: {} Idempotency-Key claim(s) ended that it had been away for", waiting.size());
    }

    /** True when the store answered (whatever it renewed). */
    private boolean renew() {
        if (held.isEmpty()) return true;
        List<Held> claims = new ArrayList<>(held.values());
        Set<ClaimToken> renewed;
        try {
            renewed = records.renew(claims, clock.instant().plus(lease));
        } catch (RuntimeException e) {
            LOG.warn("could not renew {} Idempotency-Key claim(s) (tried again in a second): {}", claims.size(), e.toString());
            return false;
        }
        for (Held claim : claims) {
            // answered meanwhile (fine), or lost: taken over after a lease without renewal
            if (!renewed.contains(claim.token())) held.remove(claim.token());
        }
        return true;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (timer != null) timer.shutdownNow();
    }
}
