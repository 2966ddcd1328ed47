package com.llatria.domain.ai;

import com.llatria.domain.item.ItemId;
import com.llatria.domain.user.UserId;

import java.util.List;
import java.util.Optional;

/** The seller's own sold items, searched for ones like a given item. */
public interface SalesHistory {
    /**
     * Candidates for comparison, never {@code exclude} and never deleted items: the {@code limit}
     * sold items whose titles are most like {@code title}, and the {@code limit} latest sold in
     * {@code category} when one is given (an item may be in both sets; it is listed once).
     */
    List<SoldComparable> resembling(UserId owner, ItemId exclude, String title, Optional<String> category, int limit);
}
