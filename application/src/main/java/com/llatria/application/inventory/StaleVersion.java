package com.llatria.application.inventory;

import com.llatria.application.UseCaseException;

import java.util.List;
import java.util.Optional;

/**
 * The client edited an older version than the one stored; it gets the current item to rebase on.
 * A version given as {@code If-Match} is an HTTP precondition (412); one in the body is a 409.
 */
public final class StaleVersion extends UseCaseException {
    public StaleVersion(ItemView current, ExpectedVersion expected) {
        super(expected.precondition() ? Kind.PRECONDITION_FAILED : Kind.CONFLICT, "stale-version", "The item has changed",
                "the item is at version " + current.item().version() + ", not " + expected.describe(),
                List.of(), Optional.of(current), Optional.empty());
    }
}
