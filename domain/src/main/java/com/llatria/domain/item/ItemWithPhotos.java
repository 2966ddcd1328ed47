package com.llatria.domain.item;

import com.llatria.domain.image.ItemImage;
import com.llatria.domain.image.RenderedPhotos;
import com.llatria.domain.posting.PlatformPosting;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An item with its child rows, read in one go: its photos in position order and its postings
 * (one per platform, in platform order). What a client is shown, and what sync sends. A read that
 * asked for them may bring the photos {@code rendered} instead (then {@code photos} is empty).
 */
public record ItemWithPhotos(Item item, List<ItemImage> photos, List<PlatformPosting> postings, Optional<RenderedPhotos> rendered) {
    public ItemWithPhotos {
        Objects.requireNonNull(item, "item");
        photos = List.copyOf(photos);
        postings = List.copyOf(postings);
        Objects.requireNonNull(rendered, "rendered");
        if (rendered.isPresent() && !photos.isEmpty()) throw new IllegalArgumentException("photos come either read or rendered");
    }

    public ItemWithPhotos(Item item, List<ItemImage> photos, List<PlatformPosting> postings) {
        this(item, photos, postings, Optional.empty());
    }

    /** A page of {@link com.llatria.domain.port.ItemRepository#searchWithPhotos}. */
    public record Page(List<ItemWithPhotos> items, Optional<PageCursor> next) {
        public Page {
            items = List.copyOf(items);
            Objects.requireNonNull(next, "next");
        }
    }
}
