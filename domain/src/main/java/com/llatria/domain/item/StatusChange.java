package com.llatria.domain.item;

import java.util.Objects;

/** The status changes a seller can ask for; whether one is allowed depends on the current status. */
public sealed interface StatusChange {
    ItemStatus target();

    /** draft → active */
    record Activate() implements StatusChange {
        public ItemStatus target() {
            return ItemStatus.ACTIVE;
        }
    }

    /** active → sold */
    record MarkSold(Sale sale) implements StatusChange {
        public MarkSold {
            Objects.requireNonNull(sale, "sale");
        }

        public ItemStatus target() {
            return ItemStatus.SOLD;
        }
    }

    /** sold → active */
    record Relist() implements StatusChange {
        public ItemStatus target() {
            return ItemStatus.ACTIVE;
        }
    }

    /** active → draft */
    record ReturnToDraft() implements StatusChange {
        public ItemStatus target() {
            return ItemStatus.DRAFT;
        }
    }
}
