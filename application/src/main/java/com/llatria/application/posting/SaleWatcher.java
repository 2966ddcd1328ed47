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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Learns of sales made on a platform, so that an item sold there is sold here and taken down
 * everywhere else. Each connected account with a {@link SaleFeed} is a durable job
 * ({@link SaleChecks}): every {@code interval} a worker leases it, asks the platform for the
 * orders since the last check (a little overlap: orders reach eBay's search late), and marks
 * each item it sold through the one write path; the posting hook then takes the item's other
 * listings down, as for any sale. Reading an order twice is harmless: a sold item stays sold.
 * (A cancelled order is not a sale; an item relisted by hand within the overlap after its sale
 * would be marked sold again by the re-read, and the seller relists it once more.)
 */
public final class SaleWatcher implements AutoCloseable {
    /** Every sale a check records is written as coming from this device. */
    public static final DeviceId DEVICE = new DeviceId("platform-sales");
    /** How far each check looks back over the previous one. */
    public static final Duration OVERLAP = Duration.ofMinutes(10);
    /** eBay keeps 90 days of orders; an account away longer starts from there. */
    static final Duration HORIZON = Duration.ofDays(89);
    private static final Logger LOG = Logger.getLogger(SaleWatcher.class.getName());

    /** Its name (unique per instance), lease length, time between checks of one account, and how often to look for due checks. */
    public record Options(String workerId, Duration lease, Duration interval, Duration pollInterval) {
        public Options {
            if (interval.compareTo(Duration.ofSeconds(1)) < 0) throw new IllegalArgumentException("checks are at least a second apart");
            if (lease.compareTo(Duration.ofSeconds(1)) < 0) throw new IllegalArgumentException("a lease lasts at least a second");
        }
    }

    private final SaleChecks checks;
    private final Map<Platform, SaleFeed> feeds;
    private final PlatformAccounts accounts;
    private final ItemWriter writer;
    private final Clock clock;
    private final Options options;
    private final Object sleep = new Object();
    private volatile boolean running;
    private Thread loop;

    public SaleWatcher(SaleChecks checks, List<SaleFeed> feeds, PlatformAccounts accounts, ItemWriter writer, Clock clock,
                       Options options) {
        this.checks = checks;
        Map<Platform, SaleFeed> byPlatform = new EnumMap<>(Platform.class);
        feeds.forEach(f -> byPlatform.put(f.platform(), f));
        this.feeds = byPlatform;
        this.accounts = accounts;
        this.writer = writer;
        this.clock = clock;
        this.options = options;
    }

    public synchronized void start() {
        if (running || feeds.isEmpty()) return;
        running = true;
        loop = new Thread(() -> {
            while (running) {
                try {
                    runDue();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "checking for platform sales failed; retrying", e);
                }
                synchronized (sleep) {
                    try {
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
    }

    /** Claims the checks due now and runs them one after the other; returns how many ran. */
    public int runDue() {
        Instant now = now();
        List<SaleCheck> due = checks.claim(options.workerId(), now, now.plus(options.lease()), 8);
        for (SaleCheck check : due) {
            try {
                run(check);
            } catch (RuntimeException e) {
                // Left leased: another attempt follows when the lease ends.
                LOG.log(Level.WARNING, "a sale check failed unexpectedly; it runs again when its lease ends", e);
            }
        }
        return due.size();
    }

    private void run(SaleCheck check) {
        Instant started = now();
        SaleFeed feed = feeds.get(check.platform());
        if (feed == null) {
            checks.finish(check.failed("this server cannot read " + PlatformAccounts.name(check.platform()) + " sales",
                    started.plus(options.interval())), options.workerId());
            return;
        }
        Instant floor = started.minus(HORIZON);
        Instant from = check.checkedUntil().minus(OVERLAP);
        SalesOutcome outcome = read(check, feed, from.isBefore(floor) ? floor : from);
        SaleCheck next;
        if (outcome instanceof SalesOutcome.Found found) {
            for (PlatformSale sale : found.sales()) record(check.owner(), check.platform(), sale, started);
            next = check.checked(started, started.plus(options.interval()));
        } else {
            SalesOutcome.Failed failed = (SalesOutcome.Failed) outcome;
            next = check.failed(failed.message(), started.plus(options.interval()));
        }
        checks.finish(next, options.workerId());
    }

    /** The platform's sales, with the token refreshed once if the platform refuses it. */
    private SalesOutcome read(SaleCheck check, SaleFeed feed, Instant since) {
        UserId owner = check.owner();
        Platform platform = check.platform();
        PlatformAccounts.Access access = accounts.access(owner, platform, Optional.empty());
        if (access instanceof PlatformAccounts.Access.Unusable u) return new SalesOutcome.Failed(u.kind(), u.message());
        PlatformAccess ready = ((PlatformAccounts.Access.Ready) access).access();
        SalesOutcome outcome = feed.salesSince(ready, since);
        if (outcome instanceof SalesOutcome.Failed f && f.kind() == Failure.TOKEN_EXPIRED) {
            PlatformAccounts.Access again = accounts.access(owner, platform, Optional.of(ready.accessToken()));
            if (again instanceof PlatformAccounts.Access.Unusable u) return new SalesOutcome.Failed(u.kind(), u.message());
            outcome = feed.salesSince(((PlatformAccounts.Access.Ready) again).access(), since);
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

    /** Marks the item of a sale sold, through the one write path, unless it is gone or already sold. */
    private void record(UserId owner, Platform platform, PlatformSale sale, Instant now) {
        Optional<ItemId> id = Listing.itemOf(sale.sku());
        if (id.isEmpty()) return; // a listing made outside Llatria
        Instant soldAt = (sale.soldAt().isAfter(now) ? now : sale.soldAt()).truncatedTo(ChronoUnit.MICROS);
        Sale made = new Sale(soldAt, sale.price(), SalesChannel.fromWire(platform.wireName()));
        // A SKU of another seller's item finds nothing: the write reads only the owner's items.
        writer.write(owner, DEVICE, id.get(), current -> {
            if (current.isEmpty() || current.get().deleted()) return ItemEdit.unchanged(null);
            Item item = current.get();
            if (item.status() == ItemStatus.SOLD) return ItemEdit.unchanged(null);
            Lifecycle sold = Lifecycle.sold(made);
            return ItemEdit.changed(ChangeKind.UPDATE, stamp -> item.rewrite(item.details(), sold, stamp.hlc(), stamp.at(),
                    stamp.version()), written -> null);
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
