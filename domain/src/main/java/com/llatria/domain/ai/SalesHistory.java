package com.llatria.domain.ai;

import com.llatria.domain.item.ItemId;
import com.llatria.domain.user.UserId;

import java.util.List;
import java.util.Optional;

/** The seller's own sold items, searched for ones like a given item. */
public interface SalesHistory {
    /**
     * How many of the latest sales are compared by title. A bound, so that a suggestion costs the
     * same for a seller with 20,000 sales as for one with 2,000; and recent prices are the ones
     * that say what an item sells for now.
     */
    int COMPARED = 2_000;

    /**
     * Candidates for comparison, never {@code exclude} and never deleted items: among the
     * {@link #COMPARED} latest sales, the {@code limit} whose titles are most like {@code title};
     * and the {@code limit} latest sold in {@code category} when one is given (an item may be in
     * both sets; it is listed once).
     */
    List<SoldComparable> resembling(UserId owner, ItemId exclude, String title, Optional<String> category, int limit);
}
