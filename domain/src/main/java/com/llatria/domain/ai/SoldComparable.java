package com.llatria.domain.ai;

import com.llatria.domain.item.Condition;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.Money;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One of the seller's sold items, as a price reference: what it sold for (the sale price, or the
 * listed price when the sale recorded none) and how alike its title is (0-1, trigram similarity).
 */
public record SoldComparable(ItemId id, String title, Optional<String> category, Optional<Condition> condition,
                             Money price, Instant soldAt, double titleSimilarity) {
    public SoldComparable {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(soldAt, "soldAt");
        if (titleSimilarity < 0 || titleSimilarity > 1) throw new IllegalArgumentException("similarity is 0-1");
    }
}
