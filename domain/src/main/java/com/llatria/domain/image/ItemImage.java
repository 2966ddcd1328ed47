package com.llatria.domain.image;

import com.llatria.domain.item.ItemId;
import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A photo of an item: a child row with its own id and a sort position, so that adding, removing
 * and reordering photos are separate changes (sync rule 5).
 */
public record ItemImage(ImageId id, UserId owner, ItemId item, int position, Instant createdAt,
                        List<StoredRendition> renditions) {
    public ItemImage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(createdAt, "createdAt");
        renditions = List.copyOf(renditions);
        if (position < 0) throw new IllegalArgumentException("position must be >= 0");
    }

    public Optional<StoredRendition> rendition(ImageVariant variant, ImageFormat format) {
        for (StoredRendition r : renditions) {
            if (r.variant() == variant && r.format() == format) return Optional.of(r);
        }
        return Optional.empty();
    }

    public List<String> keys() {
        return renditions.stream().map(StoredRendition::key).toList();
    }

    public ItemImage at(int newPosition) {
        return new ItemImage(id, owner, item, newPosition, createdAt, renditions);
    }

    /**
     * {@code users/{user}/inventory/{item}/{variant}_{timestamp}_{image}.{ext}}: the design's layout,
     * plus the photo's id, because two uploads in the same instant would otherwise share keys and
     * overwrite each other's files.
     */
    public static String key(UserId owner, ItemId item, ImageId image, ImageVariant variant, ImageFormat format, long timestamp) {
        return "users/" + owner + "/inventory/" + item + "/" + variant.keyName() + "_" + timestamp + "_" + image + "." + format.extension();
    }
}
