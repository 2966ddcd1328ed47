package com.llatria.application.inventory;

import com.llatria.application.UseCaseException;
import com.llatria.domain.item.Item;

import java.util.Optional;

/**
 * A create with a client-chosen id that is already in use with other content. The caller's own
 * item is returned so the client can reconcile; someone else's is never revealed.
 */
public final class ItemIdConflict extends UseCaseException {
    private final Optional<Item> existing;

    public ItemIdConflict(String message, Optional<Item> existing) {
        super(message);
        this.existing = existing;
    }

    public Optional<Item> existing() {
        return existing;
    }
}
