package com.llatria.adapters.persistence.memory;

import com.llatria.domain.image.ItemImage;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemPage;
import com.llatria.domain.item.ItemQuery;
import com.llatria.domain.item.ItemWithPhotos;
import com.llatria.domain.posting.PlatformPosting;
import com.llatria.domain.item.PageCursor;
import com.llatria.domain.item.SearchText;
import com.llatria.domain.item.SortDirection;
import com.llatria.domain.port.ItemRepository;
import com.llatria.domain.user.UserId;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

public final class InMemoryItemRepository implements ItemRepository {
    private final InMemoryStore store;

    public InMemoryItemRepository(InMemoryStore store) {
        this.store = store;
    }

    @Override
    public Optional<Item> find(UserId owner, ItemId id) {
        return store.locked(() -> Optional.ofNullable(store.items.get(id)).filter(item -> item.owner().equals(owner)));
    }

    @Override
    public boolean insert(Item item) {
        return store.locked(() -> store.items.putIfAbsent(item.id(), item) == null);
    }

    @Override
    public void update(Item item) {
        store.locked(() -> {
            store.items.computeIfPresent(item.id(), (id, old) -> old.owner().equals(item.owner()) ? item : old);
        });
    }

    @Override
    public ItemPage search(UserId owner, ItemQuery query) {
        Comparator<Item> order = order(query);
        List<Item> matching = store.locked(() -> store.items.values().stream()
                .filter(item -> item.owner().equals(owner) && !item.deleted())
                .filter(matches(query))
                .filter(item -> query.after().map(cursor -> compareToCursor(item, cursor) > 0).orElse(true))
                .sorted(order)
                .limit(query.limit() + 1L)
                .toList());
        boolean more = matching.size() > query.limit();
        List<Item> page = more ? matching.subList(0, query.limit()) : matching;
        return new ItemPage(page, more
                ? Optional.of(PageCursor.after(page.get(page.size() - 1), query.sort(), query.direction()))
                : Optional.empty());
    }

    @Override
    public Optional<ItemWithPhotos> findWithPhotos(UserId owner, ItemId id) {
        return store.locked(() -> find(owner, id).map(item -> new ItemWithPhotos(item, photos(owner, id), postings(owner, id))));
    }

    @Override
    public ItemWithPhotos.Page searchWithPhotos(UserId owner, ItemQuery query) {
        return store.locked(() -> {
            ItemPage page = search(owner, query);
            return new ItemWithPhotos.Page(page.items().stream().map(item -> new ItemWithPhotos(item, photos(owner, item.id()), postings(owner, item.id()))).toList(),
                    page.next());
        });
    }

    private List<ItemImage> photos(UserId owner, ItemId item) {
        return store.images.values().stream().filter(i -> i.owner().equals(owner) && i.item().equals(item))
                .sorted(InMemoryImageRepository.ORDER).toList();
    }

    private List<PlatformPosting> postings(UserId owner, ItemId item) {
        return store.platforms.postings.values().stream().filter(p -> p.owner().equals(owner) && p.item().equals(item))
                .sorted(Comparator.comparing(PlatformPosting::platform)).toList();
    }

    private static Predicate<Item> matches(ItemQuery q) {
        Optional<SearchText> text = q.text().map(SearchText::of);
        return item -> q.status().map(s -> item.status() == s).orElse(true)
                && q.category().map(c -> item.details().category().filter(c::equals).isPresent()).orElse(true)
                && q.condition().map(c -> item.details().condition().filter(c::equals).isPresent()).orElse(true)
                && q.minPrice().map(min -> item.details().price().amount().compareTo(min) >= 0).orElse(true)
                && q.maxPrice().map(max -> item.details().price().amount().compareTo(max) <= 0).orElse(true)
                && text.map(t -> t.matches(item.details())).orElse(true);
    }

    /**
     * Sort key, then id. Ids compare as their text, which is PostgreSQL's uuid order
     * (unsigned bytes); {@code UUID.compareTo} compares signed longs and would disagree.
     */
    private static Comparator<Item> order(ItemQuery query) {
        Comparator<Item> byKey = switch (query.sort()) {
            case CREATED -> Comparator.comparing(Item::createdAt);
            case UPDATED -> Comparator.comparing(Item::updatedAt);
            case PRICE -> Comparator.comparing(item -> item.details().price().amount());
        };
        Comparator<Item> order = byKey.thenComparing(item -> item.id().value().toString());
        return query.direction() == SortDirection.ASC ? order : order.reversed();
    }

    /** Positive when the item comes after the cursor in the cursor's order. */
    private static int compareToCursor(Item item, PageCursor cursor) {
        int byKey = switch (cursor.sort()) {
            case CREATED -> item.createdAt().compareTo(Instant.parse(cursor.sortValue()));
            case UPDATED -> item.updatedAt().compareTo(Instant.parse(cursor.sortValue()));
            case PRICE -> item.details().price().amount().compareTo(new BigDecimal(cursor.sortValue()));
        };
        int compared = byKey != 0 ? byKey : item.id().value().toString().compareTo(cursor.lastId().value().toString());
        return cursor.direction() == SortDirection.ASC ? compared : -compared;
    }
}
