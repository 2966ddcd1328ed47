package com.llatria.domain.posting;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What a platform answered when asked for the seller's recent sales. */
public sealed interface SalesOutcome {
    /**
     * Every sale changed from the time asked up to {@code readUntil} (cancelled orders left out):
     * the window asked for, or less of it when the platform had more than one check may read
     * (the next check goes on from there).
     */
    record Found(List<PlatformSale> sales, Instant readUntil) implements SalesOutcome {
        public Found {
            sales = List.copyOf(sales);
            Objects.requireNonNull(readUntil, "readUntil");
        }
    }

    /** It did not work; {@code message} is in words a seller understands. */
    record Failed(ListingOutcome.Failure kind, String message) implements SalesOutcome {
        public Failed {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }
    }
}
