package com.llatria.domain.item;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The item's fields that sync merges one by one, each with its own HLC stamp. */
public enum ItemField {
    TITLE, DESCRIPTION, PRICE, CONDITION, CATEGORY, SKU, COST, LIFECYCLE;

    /** The field's value, in the form sync compares and stores. */
    public ItemValue valueIn(ItemDetails details, Lifecycle lifecycle) {
        return switch (this) {
            case TITLE -> new ItemValue.Title(details.title());
            case DESCRIPTION -> new ItemValue.Description(details.description());
            case PRICE -> new ItemValue.Price(details.price());
            case CONDITION -> new ItemValue.ConditionValue(details.condition());
            case CATEGORY -> new ItemValue.Category(details.category());
            case SKU -> new ItemValue.Sku(details.sku());
            case COST -> new ItemValue.Cost(details.cost());
            case LIFECYCLE -> new ItemValue.Status(lifecycle);
        };
    }

    /** The field's name in the item's JSON; the lifecycle travels as {@code status} (with the sale). */
    public String wireName() {
        return this == LIFECYCLE ? "status" : name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ItemField> fromWire(String name) {
        return Arrays.stream(values()).filter(f -> f.wireName().equals(name)).findFirst();
    }
}
