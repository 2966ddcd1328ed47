package com.llatria.domain.port;

import com.llatria.domain.item.ItemWithPhotos;
import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.List;

/**
 * What pull reads: an owner's items in the order of their last write. An item's version is the
 * version of its last write, so "every item with a version after the cursor" is every change
 * after the cursor, each entity once in its newest state, tombstones included.
 */
public interface SyncFeed {
    /**
     * One page of pull, read at one instant (one snapshot): the owner's items with their photos
     * (deleted ones too) last written after {@code afterVersion}, by version, at most {@code limit};
     * with the owner's current version and floor as of that same instant.
     */
    Page page(UserId owner, long afterVersion, int limit);

    /** What {@link #page} read: the owner's {@link #currentVersion}, {@link #floor} and the changed items. */
    record Page(long currentVersion, long floor, List<ItemWithPhotos> items) {
        public Page {
            items = List.copyOf(items);
        }
    }

    /** The owner's latest version; 0 before the first write. */
    long currentVersion(UserId owner);

    /**
     * The lowest cursor pull still serves (0: any). Tombstones are purged after a retention
     * period; a client whose cursor is below a purged tombstone's version could miss that delete.
     */
    long floor(UserId owner);

    /**
     * Removes up to {@code limit} tombstones deleted before {@code deletedBefore} and raises each
     * owner's floor past them. Returns how many were removed.
     */
    int purgeTombstones(Instant deletedBefore, int limit);
}
