package com.llatria.adapters.persistence.memory;

import com.llatria.adapters.persistence.Trigrams;
import com.llatria.domain.ai.SalesHistory;
import com.llatria.domain.ai.SoldComparable;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemStatus;
import com.llatria.domain.item.Sale;
import com.llatria.domain.user.UserId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The same candidates as the PostgreSQL query, by scanning the owner's items. */
public final class InMemorySalesHistory implements SalesHistory {
    private final InMemoryStore store;

    public InMemorySalesHistory(InMemoryStore store) {
        this.store = store;
    }

    @Override
    public List<SoldComparable> resembling(UserId owner, ItemId exclude, String title, Optional<String> category, int limit) {
        List<Item> sold = store.locked(() -> store.items.values().stream()
                .filter(i -> i.owner().equals(owner) && !i.deleted() && i.status() == ItemStatus.SOLD && !i.id().equals(exclude))
                .toList());
        Map<ItemId, SoldComparable> found = new LinkedHashMap<>();
        Trigrams.Query like = Trigrams.query(title);
        sold.stream().map(i -> comparable(i, like))
                .sorted(Comparator.comparing(SoldComparable::soldAt).reversed()).limit(COMPARED)
                .sorted(Comparator.comparingDouble(SoldComparable::titleSimilarity).reversed()
                        .thenComparing(SoldComparable::soldAt, Comparator.reverseOrder()).thenComparing(c -> c.id().value()))
                .limit(limit).forEach(c -> found.putIfAbsent(c.id(), c));
        category.ifPresent(c -> sold.stream().filter(i -> i.details().category().equals(Optional.of(c)))
                .map(i -> comparable(i, like))
                .sorted(Comparator.comparing(SoldComparable::soldAt).reversed())
                .limit(limit).forEach(s -> found.putIfAbsent(s.id(), s)));
        return new ArrayList<>(found.values());
    }

    private static SoldComparable comparable(Item item, Trigrams.Query like) {
        Sale sale = item.lifecycle().sale().orElseThrow();
        return new SoldComparable(item.id(), item.details().title(), item.details().category(), item.details().condition(),
                sale.soldPrice().orElse(item.details().price()), sale.soldAt(), like.similarity(item.details().title()));
    }
}
