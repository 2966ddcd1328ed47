package com.llatria.application.inventory;

import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemId;

import java.util.Optional;

/** What happened to one id of a bulk request. */
public record BulkResult(ItemId id, Outcome outcome, Optional<Item> item, Optional<String> error) {
    public enum Outcome {
        OK, NOT_FOUND, ILLEGAL_TRANSITION
    }

    static BulkResult ok(Item item) {
        return new BulkResult(item.id(), Outcome.OK, Optional.of(item), Optional.empty());
    }

    static BulkResult failed(ItemId id, Outcome outcome, String error) {
        return new BulkResult(id, outcome, Optional.empty(), Optional.of(error));
    }
}
