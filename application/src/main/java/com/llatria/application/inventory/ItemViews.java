package com.llatria.application.inventory;

import com.llatria.application.photos.PhotoView;
import com.llatria.domain.image.ItemImage;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemWithPhotos;
import com.llatria.domain.port.ImageRepository;
import com.llatria.domain.port.ImageStore;
import com.llatria.domain.user.UserId;

import java.util.List;
import java.util.Map;

/** Turns stored items into what the API shows. */
public final class ItemViews {
    private final ImageRepository images;
    private final ImageStore store;

    public ItemViews(ImageRepository images, ImageStore store) {
        this.images = images;
        this.store = store;
    }

    public ItemView of(Item item) {
        return new ItemView(item, item.deleted() ? List.of() : photos(images.forItem(item.owner(), item.id())));
    }

    /** An item read together with its photos. */
    public ItemView of(ItemWithPhotos shown) {
        return new ItemView(shown.item(), shown.item().deleted() ? List.of() : photos(shown.photos()));
    }

    /** Items read without their photos: one photo query for the lot. */
    public List<ItemView> of(UserId owner, List<Item> items) {
        if (items.isEmpty()) return List.of();
        Map<ItemId, List<ItemImage>> byItem = images.forItems(owner, items.stream().map(Item::id).toList());
        return items.stream().map(item -> new ItemView(item, photos(byItem.getOrDefault(item.id(), List.of())))).toList();
    }

    public List<PhotoView> photos(List<ItemImage> photos) {
        return photos.stream().map(photo -> PhotoView.of(photo, store)).toList();
    }
}
