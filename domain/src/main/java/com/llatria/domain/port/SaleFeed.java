package com.llatria.domain.port;

import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformAccess;
import com.llatria.domain.posting.SalesOutcome;

import java.time.Instant;

/** Reads the sales a platform recorded for a seller: how we learn that a listing sold there. */
public interface SaleFeed {
    Platform platform();

    /** Every sale (order line) created or changed since {@code since}; repeats are possible and harmless. */
    SalesOutcome salesSince(PlatformAccess access, Instant since);
}
