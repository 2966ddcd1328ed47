package com.llatria.domain.item;

/** The outcome of asking a lifecycle for a status change: the next lifecycle, or a refusal saying why. */
public sealed interface Transition {
    record Moved(Lifecycle next) implements Transition {
    }

    record Refused(ItemStatus from, ItemStatus to) implements Transition {
        public String reason() {
            return "an item cannot go from " + from.wireName() + " to " + to.wireName();
        }
    }
}
