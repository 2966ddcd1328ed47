package com.llatria.application.posting;

import com.llatria.application.inventory.ItemEdit;
import com.llatria.application.inventory.ItemWriter;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemStatus;
import com.llatria.domain.item.Lifecycle;
import com.llatria.domain.item.Sale;
import com.llatria.domain.item.SalesChannel;
import com.llatria.domain.port.SaleChecks;
import com.llatria.domain.port.SaleFeed;
import com.llatria.domain.port.Transactions;
import com.llatria.domain.posting.Listing;
import com.llatria.domain.posting.ListingOutcome.Failure;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformAccess;
import com.llatria.domain.posting.PlatformSale;
import com.llatria.domain.posting.SaleCheck;
import com.llatria.domain.posting.SalesOutcome;
import com.llatria.domain.sync.ChangeKind;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.user.UserId;

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
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Learns of sales made on a platform, so that an item sold there is sold here and taken down
 * everywhere else. Each connected account with a {@link SaleFeed} is a durable job
 * ({@link SaleChecks}): every {@code interval} a worker leases it, asks the platform for the
 * orders changed since the last check (a little overlap: orders reach eBay's search late), and
 * marks each item it sold through the one write path; the posting hook then takes the item's
 * other listings down, as for any sale. Only the first sight of an order line is a sale
 * ({@link SaleChecks#firstSight}, in the sale's own transaction): a platform shows an order again
 * whenever it changes, weeks later, and the item may have been relisted since. Checks of
 * different accounts run side by side (up to {@code concurrency} at once), so one slow account
 * delays only itself.
 */
public final class SaleWatcher implements AutoCloseable {
    /** Every sale a check records is written as coming from this device. */
    public static final DeviceId DEVICE = new DeviceId("platform-sales");
    /** How far each check looks back over the previous one (less than {@link SaleFeed#SHORTEST_WINDOW}, so checks progress). */
    public static final Duration OVERLAP = Duration.ofMinutes(10);
    /** An order line is remembered this long; eBay shows orders of the last 90 days. */
    static final Duration REMEMBERED = Duration.ofDays(100);
    /** eBay keeps 90 days of orders; an account away longer starts from there. */
    static final Duration HORIZON = Duration.ofDays(89);
    private static final Logger LOG = Logger.getLogger(SaleWatcher.class.getName());

    /**
     * Its name (unique per instance), lease length, time between checks of one account, how often
     * to look for due checks, and how many accounts it checks at once.
     */
    public record Options(String workerId, Duration lease, Duration interval, Duration pollInterval, int concurrency) {
        public Options {
            if (interval.compareTo(Duration.ofSeconds(1)) < 0) throw new IllegalArgumentException("checks are at least a second apart");
            if (lease.compareTo(Duration.ofSeconds(1)) < 0) throw new IllegalArgumentException("a lease lasts at least a second");
            if (concurrency < 1) throw new IllegalArgumentException("at least one check at a time");
        }

        public Options(String workerId, Duration lease, Duration interval, Duration pollInterval) {
            this(workerId, lease, interval, pollInterval, DEFAULT_CONCURRENCY);
        }
    }

    /** Accounts checked at once by default: platform calls wait on the network, not on this machine. */
    public static final int DEFAULT_CONCURRENCY = 4;

    /**
     * How soon a check that failed unexpectedly (our database away for a moment, a bug) is due
     * again: it is given back due then instead of leased until its lease runs out (as finding
     * 9.37 did for the posting jobs: a 3 s database restart held an account's sales for the whole
     * 2-minute lease). Not at once: a failure that is not the database's would otherwise be rerun
     * on every poll.
     */
    static final Duration GIVE_BACK = Duration.ofSeconds(10);
    /** How often giving a check back is tried again while the database refuses it. */
    static final Duration GIVE_BACK_RETRY = Duration.ofSeconds(1);

    /** A test's way to stop a check between the platform's answer and our writes, as a database outage would. */
    @FunctionalInterface
    public interface Interruption {
        void afterPlatformAnswered(SaleCheck check, SalesOutcome outcome);
    }

    private final SaleChecks checks;
    private final Map<Platform, SaleFeed> feeds;
    private final PlatformAccounts accounts;
    private final ItemWriter writer;
    private final Transactions transactions;
    private final Clock clock;
    private final Options options;
    private final ExecutorService pool;
    private final Semaphore slots;
    private final Object sleep = new Object();
    /** Gives failed checks back, again every second while the database refuses. */
    private final java.util.concurrent.ScheduledExecutorService givingBack;
    private volatile Interruption interruption = (c, o) -> { };
    private volatile boolean running;
    private Thread loop;

    public SaleWatcher(SaleChecks checks, List<SaleFeed> feeds, PlatformAccounts accounts, ItemWriter writer,
                       Transactions transactions, Clock clock, Options options) {
        this.checks = checks;
        Map<Platform, SaleFeed> byPlatform = new EnumMap<>(Platform.class);
        feeds.forEach(f -> byPlatform.put(f.platform(), f));
        this.feeds = byPlatform;
        this.accounts = accounts;
        this.writer = writer;
        this.transactions = transactions;
        this.clock = clock;
        this.options = options;
        this.pool = Executors.newFixedThreadPool(options.concurrency(), r -> {
            Thread t = new Thread(r, "sale-check-" + options.workerId());
            t.setDaemon(true);
            return t;
        });
        this.slots = new Semaphore(options.concurrency());
        this.givingBack = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sale-check-give-back-" + options.workerId());
            t.setDaemon(true);
            return t;
        });
    }

    public void interruptAfterPlatformAnswers(Interruption value) {
        interruption = value;
    }

    public synchronized void start() {
        if (running || feeds.isEmpty()) return;
        running = true;
        loop = new Thread(() -> {
            while (running) {
                try {
                    startDue();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "checking for platform sales failed; retrying", e);
                }
                synchronized (sleep) {
                    try {
                        // A check ending wakes the loop: the slot it frees may take a due check at once.
                        if (running) sleep.wait(options.pollInterval().toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "sale-checks-" + options.workerId());
        loop.setDaemon(true);
        loop.start();
    }

    @Override
    public synchronized void close() {
        running = false;
        synchronized (sleep) {
            sleep.notifyAll();
        }
        if (loop != null) {
            try {
                loop.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pool.shutdownNow();
        givingBack.shutdownNow();
    }

    /** Claims as many due checks as there are free slots and starts them. */
    private void startDue() {
        int free = slots.availablePermits();
        if (free == 0) return;
        Instant now = now();
        Instant leaseUntil = now.plus(options.lease());
        List<SaleCheck> due = checks.claim(options.workerId(), now, leaseUntil, free);
        for (SaleCheck check : due) {
            slots.acquireUninterruptibly();
            pool.execute(() -> {
                try {
                    runSafely(check, leaseUntil);
                } finally {
                    slots.release();
                    synchronized (sleep) {
                        sleep.notifyAll();
                    }
                }
            });
        }
    }

    /** Claims the checks due now (up to the concurrency), runs them side by side and waits for them; returns how many ran. For tests. */
    public int runDue() {
        Instant now = now();
        Instant leaseUntil = now.plus(options.lease());
        List<SaleCheck> due = checks.claim(options.workerId(), now, leaseUntil, options.concurrency());
        List<Future<?>> running = new ArrayList<>();
        for (SaleCheck check : due) running.add(pool.submit(() -> runSafely(check, leaseUntil)));
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a sale check failed unexpectedly", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking for sales", e);
            }
        }
        return due.size();
    }

    private void runSafely(SaleCheck check, Instant leaseUntil) {
        try {
            run(check);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a sale check failed unexpectedly; it is given back to run again in "
                    + GIVE_BACK.toSeconds() + " s", e);
            giveBack(check, leaseUntil);
        }
    }

    /**
     * Ends the failed check's lease with the check due {@link #GIVE_BACK} from now, its window
     * and problem as they were (sales it recorded before failing are remembered: the rerun reads
     * them again and skips them). If the database refuses (it may be what failed), tries again
     * every {@link #GIVE_BACK_RETRY} until it answers or the lease would have ended sooner anyway.
     */
    private void giveBack(SaleCheck check, Instant leaseUntil) {
        Instant soon = now().plus(GIVE_BACK);
        if (!soon.isBefore(leaseUntil)) return;
        try {
            checks.finish(check.deferred(soon), options.workerId(), now().minus(REMEMBERED));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "giving a failed sale check back failed; trying again in " + GIVE_BACK_RETRY.toSeconds() + " s", e);
            try {
                givingBack.schedule(() -> giveBack(check, leaseUntil), GIVE_BACK_RETRY.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // the watcher is closing: the lease runs out as for a crash
            }
        }
    }

    private void run(SaleCheck check) {
        Instant started = now();
        SaleFeed feed = feeds.get(check.platform());
        Instant forget = started.minus(REMEMBERED);
        if (feed == null) {
            checks.finish(check.failed("this server cannot read " + PlatformAccounts.name(check.platform()) + " sales",
                    started.plus(options.interval())), options.workerId(), forget);
            return;
        }
        Instant floor = started.minus(HORIZON);
        Instant from = check.checkedUntil().minus(OVERLAP);
        // Platforms date orders to the millisecond at best.
        Instant to = started.truncatedTo(ChronoUnit.MILLIS);
        SalesOutcome outcome = read(check, feed, from.isBefore(floor) ? floor : from, to);
        interruption.afterPlatformAnswered(check, outcome);
        SaleCheck next;
        if (outcome instanceof SalesOutcome.Found found) {
            for (PlatformSale sale : found.sales()) record(check.owner(), check.platform(), sale, started);
            Instant until = found.readUntil().isAfter(to) ? to : found.readUntil();
            // Not read to the end (more orders than one check reads): due again at once, from where it got.
            next = check.checked(until, until.isBefore(to) ? started : started.plus(options.interval()));
        } else {
            SalesOutcome.Failed failed = (SalesOutcome.Failed) outcome;
            next = check.failed(failed.message(), started.plus(options.interval()));
        }
        checks.finish(next, options.workerId(), forget);
    }

    /** The platform's sales, with the token refreshed once if the platform refuses it. */
    private SalesOutcome read(SaleCheck check, SaleFeed feed, Instant since, Instant until) {
        UserId owner = check.owner();
        Platform platform = check.platform();
        PlatformAccounts.Access access = accounts.access(owner, platform, Optional.empty());
        if (access instanceof PlatformAccounts.Access.Unusable u) return new SalesOutcome.Failed(u.kind(), u.message());
        PlatformAccess ready = ((PlatformAccounts.Access.Ready) access).access();
        SalesOutcome outcome = feed.salesBetween(ready, since, until);
        if (outcome instanceof SalesOutcome.Failed f && f.kind() == Failure.TOKEN_EXPIRED) {
            PlatformAccounts.Access again = accounts.access(owner, platform, Optional.of(ready.accessToken()));
            if (again instanceof PlatformAccounts.Access.Unusable u) return new SalesOutcome.Failed(u.kind(), u.message());
            outcome = feed.salesBetween(((PlatformAccounts.Access.Ready) again).access(), since, until);
            if (outcome instanceof SalesOutcome.Failed f2 && f2.kind() == Failure.TOKEN_EXPIRED) {
                accounts.markNeedsReconnection(owner, platform, "a renewed token was refused too");
                return new SalesOutcome.Failed(Failure.RECONNECT, PlatformAccounts.name(platform) + " refused a renewed token; connect "
                        + PlatformAccounts.name(platform) + " again");
            }
        }
        if (outcome instanceof SalesOutcome.Failed f && f.kind() == Failure.RECONNECT) {
            accounts.markNeedsReconnection(owner, platform, f.message());
        }
        return outcome;
    }

    /**
     * Marks the item of a sale sold, through the one write path, unless it is gone or already
     * sold, or the order line was seen before (acted on then: the item may have been relisted since).
     */
    private void record(UserId owner, Platform platform, PlatformSale sale, Instant now) {
        Optional<ItemId> id = Listing.itemOf(sale.sku());
        if (id.isEmpty()) return; // a listing made outside Llatria
        Instant soldAt = (sale.soldAt().isAfter(now) ? now : sale.soldAt()).truncatedTo(ChronoUnit.MICROS);
        Sale made = new Sale(soldAt, sale.price(), SalesChannel.fromWire(platform.wireName()));
        // One transaction: the line is remembered only with the sale it made (a crash between re-reads it).
        transactions.inTransaction(() -> {
            if (!checks.firstSight(owner, platform, sale)) return null;
            // A SKU of another seller's item finds nothing: the write reads only the owner's items.
            writer.write(owner, DEVICE, id.get(), current -> {
                if (current.isEmpty() || current.get().deleted()) return ItemEdit.unchanged(null);
                Item item = current.get();
                if (item.status() == ItemStatus.SOLD) return ItemEdit.unchanged(null);
                Lifecycle sold = Lifecycle.sold(made);
                return ItemEdit.changed(ChangeKind.UPDATE, stamp -> item.rewrite(item.details(), sold, stamp.hlc(), stamp.at(),
                        stamp.version()), written -> null);
            });
            return null;
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
