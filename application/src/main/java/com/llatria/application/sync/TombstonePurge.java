package com.llatria.application.sync;

import com.llatria.domain.port.SyncFeed;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Removes tombstones older than the retention (rule 7), a batch at a time, raising each owner's
 * floor past them: a device whose cursor is older than that then gets 409 reset-required instead
 * of silently missing a delete. Run on a schedule; two instances running it at once is harmless
 * (each batch is one statement, a tombstone goes once, a floor only rises).
 */
public final class TombstonePurge {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    static final int BATCH = 1_000;
    /** Per run, so one run never holds its thread for long; the next run takes the rest. */
    static final int MAX_BATCHES = 100;

    private final SyncFeed feed;
    private final Clock clock;
    private final Duration retention;

    public TombstonePurge(SyncFeed feed, Clock clock, Duration retention) {
        this.feed = feed;
        this.clock = clock;
        this.retention = Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) throw new IllegalArgumentException("retention must be positive");
    }

    public Duration retention() {
        return retention;
    }

    /** Purges what is older than the retention now; returns how many tombstones went. */
    public int run() {
        var before = clock.instant().minus(retention);
        int total = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            int purged = feed.purgeTombstones(before, BATCH);
            total += purged;
            if (purged < BATCH) break;
        }
        return total;
    }
}
