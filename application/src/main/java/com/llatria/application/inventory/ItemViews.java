package com.llatria.application.inventory;

import com.llatria.application.photos.PhotoView;
import com.llatria.application.photos.RenderedPhotoViews;
import com.llatria.application.posting.PostingView;
import com.llatria.domain.image.ItemImage;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemWithPhotos;
import com.llatria.domain.port.ImageRepository;
import com.llatria.domain.port.ImageStore;
import com.llatria.domain.port.PostingRepository;
import com.llatria.domain.posting.PlatformPosting;
import com.llatria.domain.user.UserId;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns stored items into what the API shows. A tombstone shows no photos and no postings. */
public final class ItemViews {
    private final ImageRepository images;
    private final PostingRepository postings;
    private final ImageStore store;

    public ItemViews(ImageRepository images, PostingRepository postings, ImageStore store) {
        this.images = images;
        this.postings = postings;
        this.store = store;
    }

    /** An item read alone (after a write): its photos and postings are read now, in the caller's transaction. */
    public ItemView of(Item item) {
        if (item.deleted()) return new ItemView(item, List.of(), List.of());
        return new ItemView(item, photos(images.forItem(item.owner(), item.id())),
                postings(postings.forItem(item.owner(), item.id())));
    }

    /** An item read together with its photos (read, or rendered ahead) and postings. */
    public ItemView of(ItemWithPhotos shown) {
        if (shown.item().deleted()) return new ItemView(shown.item(), List.of(), List.of());
        if (shown.rendered().isPresent()) {
            // A store with a fixed prefix: addresses are copied; otherwise (presigned) each is made from its key now.
            Optional<String> prefix = store.urlPrefix();
            RenderedPhotoViews rendered = prefix.isPresent() ? new RenderedPhotoViews(shown.rendered().get(), prefix.get())
                    : new RenderedPhotoViews(shown.rendered().get(), store::url);
            return new ItemView(shown.item(), List.of(), postings(shown.postings()), Optional.of(rendered));
        }
        return new ItemView(shown.item(), photos(shown.photos()), postings(shown.postings()));
    }

    /** Items read without their photos and postings: one query for each for the lot. */
    public List<ItemView> of(UserId owner, List<Item> items) {
        if (items.isEmpty()) return List.of();
        List<ItemId> ids = items.stream().map(Item::id).toList();
        Map<ItemId, List<ItemImage>> photosByItem = images.forItems(owner, ids);
        Map<ItemId, List<PlatformPosting>> postingsByItem = postings.forItems(owner, ids);
        return items.stream().map(item -> item.deleted() ? new ItemView(item, List.of(), List.of())
                : new ItemView(item, photos(photosByItem.getOrDefault(item.id(), List.of())),
                        postings(postingsByItem.getOrDefault(item.id(), List.of())))).toList();
    }

    // Loops rather than streams: a pull page maps a thousand items, two photos each.
    public List<PhotoView> photos(List<ItemImage> photos) {
        if (photos.isEmpty()) return List.of();
        PhotoView[] views = new PhotoView[photos.size()];
        for (int i = 0; i < views.length; i++) views[i] = PhotoView.of(photos.get(i), store);
        return List.of(views);
    }

    private static List<PostingView> postings(List<PlatformPosting> postings) {
        if (postings.isEmpty()) return List.of();
        PostingView[] views = new PostingView[postings.size()];
        for (int i = 0; i < views.length; i++) views[i] = PostingView.of(postings.get(i));
        return List.of(views);
    }
}
