package com.llatria.domain.port;

import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformAccess;
import com.llatria.domain.posting.SalesOutcome;

import java.time.Instant;

/** Reads the sales a platform recorded for a seller: how we learn that a listing sold there. */
public interface SaleFeed {
    /** A feed that cannot read a whole window at once still reads at least this much of it (checks overlap by less). */
    java.time.Duration SHORTEST_WINDOW = java.time.Duration.ofMinutes(20);

    Platform platform();

    /**
     * Every sale (order line) created or changed from {@code from} to {@code until}, or up to
     * where it got ({@link SalesOutcome.Found#readUntil}) when there were more than it may read
     * at once, never skipping any; repeats are possible (see {@link SaleChecks#firstSight}).
     */
    SalesOutcome salesBetween(PlatformAccess access, Instant from, Instant until);
}
