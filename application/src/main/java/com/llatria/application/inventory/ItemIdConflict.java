package com.llatria.application.inventory;

import com.llatria.application.UseCaseException;

import java.util.List;
import java.util.Optional;

/**
 * A create with a client-chosen id that cannot be used. The caller's own item is returned so the
 * client can reconcile; whether someone else holds the id is never revealed.
 */
public final class ItemIdConflict extends UseCaseException {
    private ItemIdConflict(String detail, Optional<Object> own) {
        super(Kind.CONFLICT, "id-conflict", "Item id already in use", detail, List.of(), own, Optional.empty());
    }

    /** The caller's own item has this id, with other content; {@code current} shows it. */
    static ItemIdConflict withOtherContent(ItemView own) {
        // A tombstone is not shown: as an item it would read as live.
        return own.item().deleted()
                ? new ItemIdConflict("you deleted the item with this id; create it with another id", Optional.empty())
                : new ItemIdConflict("you have an item with this id and other content", Optional.of(own));
    }

    /** Not the caller's: said in the same words whether the id is someone else's or unusable for any other reason. */
    static ItemIdConflict notAvailable() {
        return new ItemIdConflict("this id cannot be used; create the item with another id", Optional.empty());
    }
}
