package com.llatria.application.inventory;

import com.llatria.application.photos.PhotoView;
import com.llatria.application.photos.RenderedPhotoViews;
import com.llatria.application.posting.PostingView;
import com.llatria.domain.item.Item;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An item as the API shows it: the item, its photos in order with the addresses of their files,
 * and its postings (as {@code GET /api/inventory/:id/postings} shows them, in platform order).
 * The photos are either {@code photos} or, from a read that brought them rendered ahead (item, list, pull, events),
 * {@code rendered} (then {@code photos} is empty).
 */
public record ItemView(Item item, List<PhotoView> photos, List<PostingView> postings, Optional<RenderedPhotoViews> rendered) {
    public ItemView {
        Objects.requireNonNull(item, "item");
        photos = List.copyOf(photos);
        postings = List.copyOf(postings);
        Objects.requireNonNull(rendered, "rendered");
        if (rendered.isPresent() && !photos.isEmpty()) throw new IllegalArgumentException("photos come either as views or rendered");
    }

    public ItemView(Item item, List<PhotoView> photos, List<PostingView> postings) {
        this(item, photos, postings, Optional.empty());
    }
}
