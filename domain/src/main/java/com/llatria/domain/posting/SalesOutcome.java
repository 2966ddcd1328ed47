package com.llatria.domain.posting;

import java.util.List;
import java.util.Objects;

/** What a platform answered when asked for the seller's recent sales. */
public sealed interface SalesOutcome {
    /** Every sale in the window asked for (cancelled orders left out). */
    record Found(List<PlatformSale> sales) implements SalesOutcome {
        public Found {
            sales = List.copyOf(sales);
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
