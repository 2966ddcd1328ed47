package com.llatria.domain.item;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Status and sale travel together: a sold item always has its sale, any other status has none.
 * Sync merges them as one field so no device can produce a "sold" without a sale.
 */
public record Lifecycle(ItemStatus status, Optional<Sale> sale) {
    public Lifecycle {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(sale, "sale");
        if ((status == ItemStatus.SOLD) != sale.isPresent()) {
            throw new IllegalArgumentException("a sale is present exactly when the status is sold");
        }
    }

    public static Lifecycle draft() {
        return new Lifecycle(ItemStatus.DRAFT, Optional.empty());
    }

    public static Lifecycle of(ItemStatus status) {
        return new Lifecycle(status, Optional.empty());
    }

    public static Lifecycle sold(Sale sale) {
        return new Lifecycle(ItemStatus.SOLD, Optional.of(sale));
    }

    /** The allowed moves: draft → active, active → sold, sold → active (relist), active → draft. */
    public Transition apply(StatusChange change) {
        boolean allowed = switch (status) {
            case DRAFT -> change instanceof StatusChange.Activate;
            case ACTIVE -> change instanceof StatusChange.MarkSold || change instanceof StatusChange.ReturnToDraft;
            case SOLD -> change instanceof StatusChange.Relist;
        };
        if (!allowed) {
            return new Transition.Refused(status, change.target());
        }
        return new Transition.Moved(change instanceof StatusChange.MarkSold sold
                ? Lifecycle.sold(sold.sale())
                : Lifecycle.of(change.target()));
    }

    /**
     * The change a client means when it only names the status it wants (a full update of the item).
     * Whether that change is allowed is still {@link #apply}'s decision.
     */
    public StatusChange towards(ItemStatus target, Instant now) {
        return switch (target) {
            case DRAFT -> new StatusChange.ReturnToDraft();
            case SOLD -> new StatusChange.MarkSold(new Sale(now, Optional.empty(), Optional.empty()));
            case ACTIVE -> status == ItemStatus.SOLD ? new StatusChange.Relist() : new StatusChange.Activate();
        };
    }
}
