package com.llatria.application.inventory;

import com.llatria.application.UseCaseException;
import com.llatria.domain.item.Item;

/** The client edited an older version than the one stored; it gets the current item to rebase on. */
public final class StaleVersion extends UseCaseException {
    private final Item current;

    public StaleVersion(Item current, long expected) {
        super("the item is at version " + current.version() + ", not " + expected);
        this.current = current;
    }

    public Item current() {
        return current;
    }
}
