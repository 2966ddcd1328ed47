package com.llatria.application.inventory;

import com.llatria.application.photos.PhotoView;
import com.llatria.application.posting.PostingView;
import com.llatria.domain.item.Item;

import java.util.List;
import java.util.Objects;

/**
 * An item as the API shows it: the item, its photos in order with the addresses of their files,
 * and its postings (as {@code GET /api/inventory/:id/postings} shows them, in platform order).
 */
public record ItemView(Item item, List<PhotoView> photos, List<PostingView> postings) {
    public ItemView {
        Objects.requireNonNull(item, "item");
        photos = List.copyOf(photos);
        postings = List.copyOf(postings);
    }
}
