package com.llatria.domain.port;

import com.llatria.domain.item.ItemId;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformPosting;
import com.llatria.domain.posting.PostingId;
import com.llatria.domain.user.UserId;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Postings: child rows of items, one per item and platform. Every read is scoped to the owner. */
public interface PostingRepository {
    Optional<PlatformPosting> find(UserId owner, ItemId item, Platform platform);

    Optional<PlatformPosting> find(UserId owner, PostingId id);

    List<PlatformPosting> forItem(UserId owner, ItemId item);

    Map<ItemId, List<PlatformPosting>> forItems(UserId owner, Collection<ItemId> items);

    /** The owner's items with a live posting (posting, posted or error): what must come down when the account closes. */
    List<ItemId> itemsWithLivePostings(UserId owner);

    /**
     * Inserts or replaces the posting (by id), storing when its job is due from
     * {@link PlatformPosting#dueAt()}. A job's lease is left as it is. Call inside the
     * transaction that wrote its item.
     */
    void save(PlatformPosting posting);
}
