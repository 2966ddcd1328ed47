package com.llatria.adapters.web.inventory;

import com.llatria.adapters.web.photos.ImageJson;
import com.llatria.application.photos.ItemPhotos;
import com.llatria.domain.image.ItemImage;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.user.UserId;

import java.util.List;
import java.util.Map;

/** Items with their photos, as every response shows them. A page of items costs one photo query. */
public final class ItemViews {
    private final ItemPhotos photos;

    public ItemViews(ItemPhotos photos) {
        this.photos = photos;
    }

    public ItemJson one(Item item) {
        return ItemJson.from(item, images(item.deleted() ? List.of() : photos.photosOf(item.owner(), item.id())));
    }

    public List<ItemJson> many(UserId owner, List<Item> items) {
        Map<ItemId, List<ItemImage>> byItem = photos.photosOf(owner, items.stream().map(Item::id).toList());
        return items.stream().map(item -> ItemJson.from(item, images(byItem.getOrDefault(item.id(), List.of())))).toList();
    }

    private List<ImageJson> images(List<ItemImage> images) {
        return images.stream().map(image -> ImageJson.from(image, photos)).toList();
    }
}
