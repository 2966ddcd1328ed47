package com.llatria.domain.item;

import com.llatria.domain.image.ItemImage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** An item and its photos in position order: what a client is shown, read in one go. */
public record ItemWithPhotos(Item item, List<ItemImage> photos) {
    public ItemWithPhotos {
        Objects.requireNonNull(item, "item");
        photos = List.copyOf(photos);
    }

    /** A page of {@link com.llatria.domain.port.ItemRepository#searchWithPhotos}. */
    public record Page(List<ItemWithPhotos> items, Optional<PageCursor> next) {
        public Page {
            items = List.copyOf(items);
            Objects.requireNonNull(next, "next");
        }
    }
}
