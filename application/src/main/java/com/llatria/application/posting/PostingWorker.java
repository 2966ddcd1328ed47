package com.llatria.application.posting;

import com.llatria.application.inventory.ItemEdit;
import com.llatria.application.inventory.ItemWriter;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemStatus;
import com.llatria.domain.port.ItemRepository;
import com.llatria.domain.port.ListingPublisher;
import com.llatria.domain.port.PostingJobs;
import com.llatria.domain.port.PostingRepository;
import com.llatria.domain.port.Transactions;
import com.llatria.domain.port.UserRepository;
import com.llatria.domain.user.User;
import com.llatria.domain.posting.ListingOutcome;
import com.llatria.domain.posting.ListingOutcome.Failure;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformAccess;
import com.llatria.domain.posting.PlatformPosting;
import com.llatria.domain.posting.PostingProblem;
import com.llatria.domain.posting.PostingState;
import com.llatria.domain.posting.RetryPolicy;
import com.llatria.domain.sync.ChangeKind;
import com.llatria.domain.sync.DeviceId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the posting jobs. A job is a posting row that is due (see {@link PostingJobs}); the
 * worker leases it, asks the platform, and writes the answer as a change of the item, but only
 * if it still holds the lease and the posting has not changed meanwhile (a sale or an edit
 * moved it on; then that newer state is the job). A worker that dies mid-job leaves the lease
 * to expire and another worker runs the job again: the platform calls are idempotent (SKU from
 * the item id, an existing offer is reused), so a rerun finds what the first run made.
 */
public final class PostingWorker implements AutoCloseable {
    /** Every change a job writes is recorded as coming from this device. */
    public static final DeviceId DEVICE = new DeviceId("platform-jobs");
    private static final Logger LOG = Logger.getLogger(PostingWorker.class.getName());

    /** How a worker runs: its name (unique per instance), lease length, jobs at once, poll interval, retry policy. */
    public record Options(String workerId, Duration lease, int concurrency, Duration pollInterval, RetryPolicy retryPolicy) {
        public Options {
            if (concurrency < 1) throw new IllegalArgumentException("concurrency must be at least 1");
            if (lease.compareTo(Duration.ofSeconds(1)) < 0) throw new IllegalArgumentException("a lease lasts at least a second");
        }
    }

    /** A test's way to stop a job between the platform's answer and our write, as a crash would. */
    @FunctionalInterface
    public interface Interruption {
        void afterPlatformAnswered(PlatformPosting posting, ListingOutcome outcome);
    }

    private final PostingJobs jobs;
    private final PostingRepository postings;
    private final ItemRepository items;
    private final ItemWriter writer;
    private final Transactions transactions;
    private final PlatformAccounts accounts;
    private final Map<Platform, ListingPublisher> publishers;
    private final ListingSource listings;
    private final PostingSignal signal;
    private final Clock clock;
    private final Options options;
    private final ExecutorService pool;
    private final Semaphore slots;
    private final UserRepository users;
    /** Renews the leases of running jobs, so a job that takes longer than a lease is never run twice at once. */
    private final java.util.concurrent.ScheduledExecutorService heartbeat;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Interruption interruption = (p, o) -> { };
    private Thread loop;

    public PostingWorker(PostingJobs jobs, PostingRepository postings, ItemRepository items, UserRepository users, ItemWriter writer,
                         Transactions transactions, PlatformAccounts accounts, List<ListingPublisher> publishers,
                         ListingSource listings, PostingSignal signal, Clock clock, Options options) {
        this.jobs = jobs;
        this.users = users;
        this.postings = postings;
        this.items = items;
        this.writer = writer;
        this.transactions = transactions;
        this.accounts = accounts;
        Map<Platform, ListingPublisher> byPlatform = new EnumMap<>(Platform.class);
        publishers.forEach(p -> byPlatform.put(p.platform(), p));
        this.publishers = byPlatform;
        this.listings = listings;
        this.signal = signal;
        this.clock = clock;
        this.options = options;
        this.pool = Executors.newFixedThreadPool(options.concurrency(), r -> {
            Thread t = new Thread(r, "posting-job-" + options.workerId());
            t.setDaemon(true);
            return t;
        });
        this.slots = new Semaphore(options.concurrency());
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "posting-lease-" + options.workerId());
            t.setDaemon(true);
            return t;
        });
    }

    public void interruptAfterPlatformAnswers(Interruption value) {
        interruption = value;
    }

    /** Starts polling for due jobs in the background. */
    public synchronized void start() {
        if (running.getAndSet(true)) return;
        loop = new Thread(this::poll, "posting-jobs-" + options.workerId());
        loop.setDaemon(true);
        loop.start();
    }

    @Override
    public synchronized void close() {
        running.set(false);
        signal.raise();
        if (loop != null) {
            try {
                loop.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pool.shutdownNow();
        heartbeat.shutdownNow();
    }

    private void poll() {
        while (running.get()) {
            try {
                int free = slots.availablePermits();
                List<PlatformPosting> claimed = free == 0 ? List.of() : claim(free);
                for (PlatformPosting job : claimed) {
                    slots.acquireUninterruptibly();
                    pool.execute(() -> {
                        try {
                            run(job);
                        } finally {
                            slots.release();
                            signal.raise();
                        }
                    });
                }
                if (claimed.isEmpty() || slots.availablePermits() == 0) signal.await(options.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The database may be away: wait and try again rather than die.
                LOG.log(Level.WARNING, "claiming posting jobs failed; retrying", e);
                try {
                    signal.await(options.pollInterval());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Claims and runs the jobs due now, up to the concurrency, and waits for them: for tests and benchmarks. */
    public int runDue() {
        List<PlatformPosting> claimed = claim(options.concurrency());
        List<Future<?>> running = new ArrayList<>();
        for (PlatformPosting job : claimed) running.add(pool.submit(() -> run(job)));
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                // a simulated crash ends its job like a real one would: nothing written, lease kept
                if (!(e.getCause() instanceof SimulatedCrash)) throw new IllegalStateException("a posting job failed unexpectedly", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running posting jobs", e);
            }
        }
        return claimed.size();
    }

    private List<PlatformPosting> claim(int limit) {
        Instant now = now();
        return jobs.claim(options.workerId(), now, now.plus(options.lease()), limit);
    }

    /**
     * How soon a job that failed unexpectedly (our database away for a moment, a bug) may be
     * claimed again: its lease is cut to this instead of left to run out (finding 9.37: a 3 s
     * database restart held take-downs of sold items for the whole 2-minute lease). Not at once:
     * a failure that is not the database's would otherwise be rerun on every poll.
     */
    static final Duration GIVE_BACK = Duration.ofSeconds(10);
    /** How often giving a job back is tried again while the database refuses it. */
    static final Duration GIVE_BACK_RETRY = Duration.ofSeconds(1);

    /** A running job's lease as this worker last set it; {@code over} once the job ended, so no heartbeat extends it after. */
    private static final class Lease {
        Instant until;
        boolean over;

        Lease(Instant until) {
            this.until = until;
        }
    }

    /**
     * One job, start to end, its lease renewed every third of a lease while it runs (if the
     * process dies, the renewals stop and the lease runs out). A job that failed unexpectedly
     * gives its lease back short ({@link #GIVE_BACK}). Never throws except for a simulated crash.
     */
    void run(PlatformPosting claimed) {
        Lease lease = new Lease(now().plus(options.lease()));
        long every = Math.max(100, options.lease().toMillis() / 3);
        java.util.concurrent.ScheduledFuture<?> beat = heartbeat.scheduleAtFixedRate(() -> renew(claimed, lease), every, every,
                java.util.concurrent.TimeUnit.MILLISECONDS);
        boolean done;
        try {
            done = runLeased(claimed);
        } finally {
            beat.cancel(false);
            // A heartbeat running now finishes first; none starts after.
            synchronized (lease) {
                lease.over = true;
            }
        }
        if (!done) giveBack(claimed, lease);
    }

    private void renew(PlatformPosting job, Lease lease) {
        synchronized (lease) {
            if (lease.over) return;
            try {
                Instant until = now().plus(options.lease());
                if (jobs.renew(job.id(), options.workerId(), until)) lease.until = until;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "renewing a posting job's lease failed; trying again", e);
            }
        }
    }

    /**
     * Cuts the failed job's lease to {@link #GIVE_BACK} from now, so it is claimed again soon; if
     * the database refuses (it may be what failed), tries again every {@link #GIVE_BACK_RETRY}
     * until it answers or the lease would have ended sooner anyway. Not a release: see GIVE_BACK.
     */
    private void giveBack(PlatformPosting job, Lease lease) {
        Instant soon = now().plus(GIVE_BACK);
        if (!soon.isBefore(lease.until)) return;
        try {
            jobs.renew(job.id(), options.workerId(), soon);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "giving a failed posting job back failed; trying again in " + GIVE_BACK_RETRY.toSeconds() + " s", e);
            try {
                heartbeat.schedule(() -> giveBack(job, lease), GIVE_BACK_RETRY.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // the worker is closing: the lease runs out as for a crash
            }
        }
    }

    /** Runs the job; false when it failed unexpectedly (nothing or only part of it written). */
    private boolean runLeased(PlatformPosting claimed) {
        try {
            PlatformPosting job = claimed;
            boolean publishing = job.state() instanceof PostingState.Posting || job.state() instanceof PostingState.Failed;
            if (publishing && users.find(job.owner()).filter(User::active).isEmpty()) {
                // A closed account (finding 9.29) never gets a new listing; whatever an earlier
                // attempt may have listed comes down instead (the take-down is due at once).
                Instant at = now();
                write(job, p -> p.live() ? p.in(PostingHooks.removing(p.state(), at), p.version()) : p, true);
                signal.raise();
                return true;
            }
            if (job.state() instanceof PostingState.Failed failed) {
                // A retry is itself a change the seller sees: "posting, attempt n".
                Optional<PlatformPosting> retrying = write(job, p -> p.in(failed.retry(now()), p.version()), false);
                if (retrying.isEmpty()) return true;
                job = retrying.get();
            }
            ListingPublisher publisher = publishers.get(job.platform());
            ListingOutcome outcome;
            if (publisher == null) {
                outcome = ListingOutcome.Failed.of(PostingProblem.NOT_SUPPORTED, Failure.PERMANENT, "this server is not set up to post to "
                        + PlatformAccounts.name(job.platform()));
            } else if (job.state() instanceof PostingState.Posting) {
                Optional<Item> item = items.find(job.owner(), job.item()).filter(i -> !i.deleted());
                if (item.isEmpty()) {
                    outcome = ListingOutcome.Failed.of(PostingProblem.ITEM_GONE, Failure.PERMANENT, "the item no longer exists");
                } else if (item.get().status() != ItemStatus.ACTIVE) {
                    // Never list what is not for sale (a sale or a draft the hook has not turned into a take-down yet).
                    outcome = ListingOutcome.Failed.of(PostingProblem.NOT_FOR_SALE, Failure.PERMANENT, "the item is " + item.get().status().wireName()
                            + ", not for sale; nothing was listed");
                } else {
                    var listing = listings.of(item.get(), job);
                    PlatformPosting j = job;
                    outcome = withAccess(job, access -> publisher.publish(access, listing, j.externalRef()));
                }
            } else if (job.state() instanceof PostingState.Removing) {
                PlatformPosting j = job;
                outcome = withAccess(job, access -> publisher.remove(access, j.sku(), j.externalRef()));
            } else {
                jobs.release(job.id(), options.workerId());
                return true;
            }
            interruption.afterPlatformAnswered(job, outcome);
            PlatformPosting answered = job;
            ListingOutcome result = outcome;
            write(job, p -> apply(p, answered, result), true);
            return true;
        } catch (SimulatedCrash crash) {
            throw crash;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a posting job failed unexpectedly; it is given back to be run again in "
                    + GIVE_BACK.toSeconds() + " s", e);
            return false;
        }
    }

    /** Thrown by an {@link Interruption} to leave a job exactly as a crash would: answered, unrecorded, leased. */
    public static final class SimulatedCrash extends RuntimeException {
        public SimulatedCrash() {
            super("simulated crash", null, false, false);
        }
    }

    private ListingOutcome withAccess(PlatformPosting job, Function<PlatformAccess, ListingOutcome> call) {
        PlatformAccounts.Access access = accounts.access(job.owner(), job.platform(), Optional.empty());
        if (access instanceof PlatformAccounts.Access.Unusable u) return unusable(u);
        PlatformAccess ready = ((PlatformAccounts.Access.Ready) access).access();
        ListingOutcome outcome = call.apply(ready);
        if (outcome instanceof ListingOutcome.Failed f && f.kind() == Failure.TOKEN_EXPIRED) {
            // Refresh once and try once more.
            PlatformAccounts.Access again = accounts.access(job.owner(), job.platform(), Optional.of(ready.accessToken()));
            if (again instanceof PlatformAccounts.Access.Unusable u) return unusable(u);
            outcome = call.apply(((PlatformAccounts.Access.Ready) again).access());
            if (outcome instanceof ListingOutcome.Failed f2 && f2.kind() == Failure.TOKEN_EXPIRED) {
                accounts.markNeedsReconnection(job.owner(), job.platform(), "a renewed token was refused too");
                return new ListingOutcome.Failed(Failure.RECONNECT, PlatformAccounts.name(job.platform())
                        + " refused a renewed token; connect " + PlatformAccounts.name(job.platform()) + " again", f2.externalRef());
            }
        }
        if (outcome instanceof ListingOutcome.Failed f && f.kind() == Failure.RECONNECT) {
            accounts.markNeedsReconnection(job.owner(), job.platform(), f.message());
        }
        return outcome;
    }

    /** No access: a permanent reason is an account that is not connected; the others say themselves. */
    private static ListingOutcome.Failed unusable(PlatformAccounts.Access.Unusable u) {
        ListingOutcome.Failed failed = ListingOutcome.Failed.of(u.kind(), u.message());
        return u.kind() == Failure.PERMANENT ? failed.because(PostingProblem.NOT_CONNECTED) : failed;
    }

    /** The posting after the platform's answer, its texts cut to what the posting row holds. */
    private PlatformPosting apply(PlatformPosting stored, PlatformPosting job, ListingOutcome outcome) {
        return fit(applyOutcome(stored, job, bounded(outcome, job.platform())));
    }

    /** What a posting row holds of a platform's ids and addresses (V7's columns). */
    static final int ID_MAX = 100;
    static final int URL_MAX = 500;

    /**
     * A platform's answer as a posting can keep it. An id the row cannot hold (over-long, control
     * characters) would fail the write and leave the job to run again for ever while the listing
     * is live: a listing id becomes a refusal that says the listing may be live (the posting stays
     * live, so a sale or take-down still removes it by what it kept); an unusable address or
     * reference is dropped.
     */
    static ListingOutcome bounded(ListingOutcome outcome, Platform platform) {
        if (outcome instanceof ListingOutcome.Published p) {
            Optional<String> ref = p.externalRef().filter(r -> storable(r, ID_MAX));
            if (!storable(p.listingId(), ID_MAX)) {
                String name = PlatformAccounts.name(platform);
                return new ListingOutcome.Failed(Failure.PERMANENT, name + " answered with a listing id Llatria cannot keep ("
                        + p.listingId().length() + " characters); the listing may be live on " + name
                        + ": post again, or take it down", ref, PostingProblem.UNUSABLE_ANSWER);
            }
            return new ListingOutcome.Published(p.listingId(), p.url().filter(u -> storable(u, URL_MAX)), ref, p.warnings());
        }
        if (outcome instanceof ListingOutcome.Failed f && f.externalRef().isPresent() && !storable(f.externalRef().get(), ID_MAX)) {
            return new ListingOutcome.Failed(f.kind(), f.message(), Optional.empty(), f.problem());
        }
        return outcome;
    }

    private static boolean storable(String value, int max) {
        return !value.isEmpty() && value.length() <= max && value.chars().noneMatch(c -> Character.isISOControl(c) || Character.isSurrogate((char) c));
    }

    /** A platform decides how long its messages are; a posting keeps at most this much of them. */
    static final int MESSAGE_MAX = 1000;
    static final int WARNINGS_MAX = 20;

    private static PlatformPosting fit(PlatformPosting p) {
        PostingState s = p.state();
        PlatformPosting out = p;
        if (s instanceof PostingState.Failed f && f.message().length() > MESSAGE_MAX) {
            out = p.in(new PostingState.Failed(cut(f.message()), f.attempts(), f.failedAt(), f.nextRetryAt(), f.listingId(), f.url()), p.version());
        } else if (s instanceof PostingState.Removing r && r.lastError().map(String::length).orElse(0) > MESSAGE_MAX) {
            out = p.in(new PostingState.Removing(r.listingId(), r.startedAt(), r.failures(), r.lastError().map(PostingWorker::cut),
                    r.nextAttemptAt(), r.url()), p.version());
        }
        if (out.warnings().size() > WARNINGS_MAX || out.warnings().stream().anyMatch(w -> w.length() > MESSAGE_MAX / 2)) {
            out = out.withWarnings(out.warnings().stream().limit(WARNINGS_MAX)
                    .map(w -> w.length() > MESSAGE_MAX / 2 ? w.substring(0, MESSAGE_MAX / 2 - 1) + "…" : w).toList());
        }
        return out;
    }

    private static String cut(String text) {
        return text.substring(0, MESSAGE_MAX - 1) + "…";
    }

    private PlatformPosting applyOutcome(PlatformPosting stored, PlatformPosting job, ListingOutcome outcome) {
        Instant now = now();
        RetryPolicy policy = options.retryPolicy();
        PostingState state = stored.state();
        if (state instanceof PostingState.Posting posting) {
            if (outcome instanceof ListingOutcome.Published p) {
                return stored.in(posting.succeeded(p.listingId(), p.url(), now), stored.version())
                        .withExternalRef(p.externalRef().or(stored::externalRef)).withWarnings(p.warnings());
            }
            ListingOutcome.Failed f = (ListingOutcome.Failed) outcome;
            // Stored with its code (PostingProblem): the seller's wording is made from the code, the text kept as the detail.
            String message = f.problem().tag(f.message());
            PostingState next = f.kind() == Failure.TRANSIENT ? posting.failed(message, now, policy) : posting.rejected(message, now);
            if (next instanceof PostingState.Failed failed && failed.nextRetryAt().isEmpty() && posting.listingId().isPresent()) {
                // A revision that will not be retried (finding 9.12): the listing is still up as it was, so
                // the posting stays posted with its link, and the change that did not go through is shown on it.
                PostingProblem why = f.problem() == PostingProblem.PLATFORM_REFUSED ? PostingProblem.REVISION_REFUSED : f.problem();
                return stored.in(new PostingState.Posted(posting.listingId().get(), posting.url(), now), stored.version())
                        .withExternalRef(f.externalRef().or(stored::externalRef)).withWarnings(List.of(why.tag(f.message())));
            }
            return stored.in(next, stored.version()).withExternalRef(f.externalRef().or(stored::externalRef));
        }
        if (state instanceof PostingState.Removing removing) {
            if (outcome instanceof ListingOutcome.Removed r) {
                return stored.in(removing.removed(), stored.version()).withExternalRef(Optional.empty()).withWarnings(r.warnings());
            }
            ListingOutcome.Failed f = (ListingOutcome.Failed) outcome;
            return stored.in(removing.failed(f.problem().tag(f.message()), now, policy), stored.version());
        }
        return stored;
    }

    /**
     * Writes the job's result as a change of the item, if the job is still this worker's and the
     * posting is as the job found it; ends the lease when {@code release}.
     */
    private Optional<PlatformPosting> write(PlatformPosting job, Function<PlatformPosting, PlatformPosting> change, boolean release) {
        Optional<PlatformPosting> result = PostingWrites.run(() -> transactions.inTransaction(() -> {
            PlatformPosting[] saved = new PlatformPosting[1];
            writer.write(job.owner(), DEVICE, job.item(), current -> {
                if (current.isEmpty()) return ItemEdit.unchanged(null);
                // One statement under the owner's lock: the lease is still ours, and the posting as stored.
                Optional<PlatformPosting> stored = jobs.leased(job.id(), options.workerId());
                if (stored.isEmpty() || stored.get().version() != job.version()) return ItemEdit.unchanged(null);
                PlatformPosting next = change.apply(stored.get());
                if (next.equals(stored.get())) return ItemEdit.unchanged(null);
                Item item = current.get();
                return ItemEdit.changed(ChangeKind.POSTING, stamp -> {
                    saved[0] = next.in(next.state(), stamp.version());
                    postings.save(saved[0]);
                    return item.touch(stamp.at(), stamp.version());
                }, written -> null);
            });
            return Optional.ofNullable(saved[0]);
        }));
        // Ended after the commit, outside the owner's lock: a crash in between only leaves the
        // lease to expire, and a posting that is not due is not claimed again anyway.
        if (release || result.isEmpty()) jobs.release(job.id(), options.workerId());
        return result;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
