package com.llatria.domain.item;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/** A page of one owner's live items, filtered and sorted. */
public record ItemQuery(
        Optional<ItemStatus> status,
        Optional<String> category,
        Optional<Condition> condition,
        Optional<BigDecimal> minPrice,
        Optional<BigDecimal> maxPrice,
        Optional<String> text,
        ItemSort sort,
        SortDirection direction,
        int limit,
        Optional<PageCursor> after) {

    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 20;

    public ItemQuery {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(minPrice, "minPrice");
        Objects.requireNonNull(maxPrice, "maxPrice");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sort, "sort");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(after, "after");
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT);
        after.ifPresent(cursor -> {
            if (cursor.sort() != sort || cursor.direction() != direction) {
                throw new IllegalArgumentException("the cursor belongs to another sort order");
            }
        });
    }

    public static ItemQuery newestFirst(int limit) {
        return new ItemQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), ItemSort.CREATED, SortDirection.DESC, limit, Optional.empty());
    }

    public ItemQuery withAfter(PageCursor cursor) {
        return new ItemQuery(status, category, condition, minPrice, maxPrice, text, sort, direction, limit, Optional.of(cursor));
    }

    public ItemQuery withStatus(ItemStatus value) {
        return new ItemQuery(Optional.of(value), category, condition, minPrice, maxPrice, text, sort, direction, limit, after);
    }

    public ItemQuery withText(String value) {
        return new ItemQuery(status, category, condition, minPrice, maxPrice, Optional.of(value), sort, direction, limit, after);
    }

    public ItemQuery withPriceRange(BigDecimal min, BigDecimal max) {
        return new ItemQuery(status, category, condition, Optional.ofNullable(min), Optional.ofNullable(max), text, sort, direction, limit, after);
    }

    public ItemQuery withCategory(String value) {
        return new ItemQuery(status, Optional.of(value), condition, minPrice, maxPrice, text, sort, direction, limit, after);
    }

    public ItemQuery withCondition(Condition value) {
        return new ItemQuery(status, category, Optional.of(value), minPrice, maxPrice, text, sort, direction, limit, after);
    }

    public ItemQuery sortedBy(ItemSort newSort, SortDirection newDirection) {
        return new ItemQuery(status, category, condition, minPrice, maxPrice, text, newSort, newDirection, limit, Optional.empty());
    }
}
