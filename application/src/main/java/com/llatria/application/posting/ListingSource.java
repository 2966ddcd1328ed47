package com.llatria.application.posting;

import com.llatria.domain.image.ImageFormat;
import com.llatria.domain.image.ImageVariant;
import com.llatria.domain.item.Item;
import com.llatria.domain.port.ImageRepository;
import com.llatria.domain.port.ImageStore;
import com.llatria.domain.posting.Listing;
import com.llatria.domain.posting.PlatformPosting;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a platform is shown of an item: its fields and the large JPEG of each photo, in order. */
public final class ListingSource {
    private final ImageRepository images;
    private final ImageStore store;

    public ListingSource(ImageRepository images, ImageStore store) {
        this.images = images;
        this.store = store;
    }

    public Listing of(Item item, Optional<String> categoryId) {
        List<String> photos = images.forItem(item.owner(), item.id()).stream()
                .map(image -> image.rendition(ImageVariant.FULL, ImageFormat.JPEG))
                .flatMap(Optional::stream)
                .map(rendition -> store.url(rendition.key()))
                .toList();
        var d = item.details();
        // Item specifics ("aspects") come from item fields; today's items have none beyond the
        // ones eBay takes elsewhere (title, condition, category).
        return new Listing(Listing.skuOf(item.id()), d.title(), d.description(), d.price(), d.condition(), d.category(),
                categoryId, photos, Map.of());
    }

    public Listing of(Item item, PlatformPosting posting) {
        return of(item, posting.categoryId());
    }

    public ListingPackage packageOf(Item item) {
        Listing l = of(item, Optional.empty());
        return new ListingPackage(l.sku(), l.title(), l.description(), l.price().amount().toPlainString(),
                l.price().currency().getCurrencyCode(), l.condition().map(c -> c.wireName()), l.category(), l.photoUrls());
    }

}
