package com.llatria.application.inventory;

import com.llatria.application.UseCaseException;
import com.llatria.domain.item.ItemId;

import java.util.Optional;

/** What happened to one id of a bulk request: done (with the item, unless it was deleted), or refused and why. */
public record BulkResult(ItemId id, Optional<ItemView> item, Optional<UseCaseException> failure) {
    public boolean ok() {
        return failure.isEmpty();
    }

    static BulkResult of(ItemId id, ItemWriter.WriteResult<?> result, Optional<ItemView> item) {
        return result instanceof ItemWriter.WriteResult.Refused<?> refused
                ? new BulkResult(id, Optional.empty(), Optional.of(refused.failure()))
                : new BulkResult(id, item, Optional.empty());
    }
}
