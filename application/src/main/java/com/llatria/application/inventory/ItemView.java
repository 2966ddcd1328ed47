package com.llatria.application.inventory;

import com.llatria.application.photos.PhotoView;
import com.llatria.domain.item.Item;

import java.util.List;
import java.util.Objects;

/** An item as the API shows it: the item and its photos, in order, with the addresses of their files. */
public record ItemView(Item item, List<PhotoView> photos) {
    public ItemView {
        Objects.requireNonNull(item, "item");
        photos = List.copyOf(photos);
    }
}
