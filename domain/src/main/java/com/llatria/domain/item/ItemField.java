package com.llatria.domain.item;

/** The item's fields that sync merges one by one, each with its own HLC stamp. */
public enum ItemField {
    TITLE, DESCRIPTION, PRICE, CONDITION, CATEGORY, SKU, COST, LIFECYCLE;

    /** The field's value, in the form sync compares and stores. */
    public Object valueIn(ItemDetails details, Lifecycle lifecycle) {
        return switch (this) {
            case TITLE -> details.title();
            case DESCRIPTION -> details.description();
            case PRICE -> details.price();
            case CONDITION -> details.condition();
            case CATEGORY -> details.category();
            case SKU -> details.sku();
            case COST -> details.cost();
            case LIFECYCLE -> lifecycle;
        };
    }
}
