package com.llatria.domain.item;

import java.util.Objects;
import java.util.Optional;

/** What a seller writes about an item. Limits follow what the marketplaces accept. */
public record ItemDetails(
        String title,
        String description,
        Money price,
        Optional<Condition> condition,
        Optional<String> category,
        Optional<String> sku,
        Optional<Money> cost) {

    public static final int TITLE_MAX = 200;
    public static final int DESCRIPTION_MAX = 10_000;
    public static final int CATEGORY_MAX = 100;
    /** eBay's limit for a SKU. */
    public static final int SKU_MAX = 50;

    public ItemDetails {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(cost, "cost");
        if (title.isBlank() || length(title) > TITLE_MAX) throw new IllegalArgumentException("title must be 1-" + TITLE_MAX + " characters");
        if (length(description) > DESCRIPTION_MAX) throw new IllegalArgumentException("description is too long");
        category.ifPresent(c -> require(!c.isBlank() && length(c) <= CATEGORY_MAX, "category"));
        sku.ifPresent(s -> require(!s.isBlank() && length(s) <= SKU_MAX, "sku"));
    }

    public static ItemDetails titled(String title, Money price) {
        return new ItemDetails(title, "", price, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public ItemDetails withTitle(String newTitle) {
        return new ItemDetails(newTitle, description, price, condition, category, sku, cost);
    }

    public ItemDetails withPrice(Money newPrice) {
        return new ItemDetails(title, description, newPrice, condition, category, sku, cost);
    }

    public ItemDetails withDescription(String text) {
        return new ItemDetails(title, text, price, condition, category, sku, cost);
    }

    public ItemDetails withCondition(Condition value) {
        return new ItemDetails(title, description, price, Optional.of(value), category, sku, cost);
    }

    public ItemDetails withCategory(String value) {
        return new ItemDetails(title, description, price, condition, Optional.of(value), sku, cost);
    }

    public ItemDetails withSku(String value) {
        return new ItemDetails(title, description, price, condition, category, Optional.of(value), cost);
    }

    public ItemDetails withCost(Money value) {
        return new ItemDetails(title, description, price, condition, category, sku, Optional.of(value));
    }

    /** Length as a person counts it: code points, not UTF-16 units. */
    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    private static void require(boolean ok, String field) {
        if (!ok) throw new IllegalArgumentException(field + " is out of bounds");
    }
}
