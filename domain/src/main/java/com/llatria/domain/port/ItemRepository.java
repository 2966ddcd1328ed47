package com.llatria.domain.port;

import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemPage;
import com.llatria.domain.item.ItemQuery;
import com.llatria.domain.item.ItemWithPhotos;
import com.llatria.domain.user.UserId;

import java.util.Optional;

/** Stores items. Every read is scoped by owner: another user's item is simply not there. */
public interface ItemRepository {

    /** The owner's item, tombstoned or not. */
    Optional<Item> find(UserId owner, ItemId id);

    /** Stores a new item; false, and nothing stored, when the id is already taken by anyone. */
    boolean insert(Item item);

    /** Replaces the stored item of the same owner and id. */
    void update(Item item);

    /** Live (not deleted) items matching the query, one page at a time. */
    ItemPage search(UserId owner, ItemQuery query);

    /**
     * The owner's item, tombstoned or not, with its photos in position order: what a read shows,
     * in one round trip to the store.
     */
    Optional<ItemWithPhotos> findWithPhotos(UserId owner, ItemId id);

    /** {@link #search}, each item with its photos in position order, in one round trip to the store. */
    ItemWithPhotos.Page searchWithPhotos(UserId owner, ItemQuery query);
}
