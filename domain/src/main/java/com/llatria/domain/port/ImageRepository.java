package com.llatria.domain.port;

import com.llatria.domain.image.ImageId;
import com.llatria.domain.image.ItemImage;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.user.UserId;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Photo rows, scoped by owner like everything else. */
public interface ImageRepository {
    /** The item's photos in position order. */
    List<ItemImage> forItem(UserId owner, ItemId item);

    /** Photos of several items at once (for a page of items), each list in position order. */
    Map<ItemId, List<ItemImage>> forItems(UserId owner, Collection<ItemId> items);

    void insert(ItemImage image);

    /** False when the owner's item has no such photo. */
    boolean delete(UserId owner, ItemId item, ImageId image);

    /** Gives each listed photo its index in the list as its position. */
    void reorder(UserId owner, ItemId item, List<ImageId> order);

    /**
     * The version of the item write that last changed the owner's item's photos (see
     * {@link #photosWritten}); 0 when none is known.
     */
    long photosVersion(UserId owner, ItemId item);

    /** Records that the item write at {@code version} added, removed or reordered the item's photos. */
    void photosWritten(UserId owner, ItemId item, long version);

    /** Removes all of the item's photo rows and returns them, so their files can be deleted. */
    List<ItemImage> deleteAll(UserId owner, ItemId item);
}
