package com.llatria.application.inventory;

import com.llatria.application.UseCaseException;
import com.llatria.domain.item.ItemId;

/** No such item for this user: it never existed, was deleted, or belongs to someone else. */
public final class ItemNotFound extends UseCaseException {
    public ItemNotFound(ItemId id) {
        super(Kind.NOT_FOUND, "not-found", "Not found", "no item " + id);
    }
}
