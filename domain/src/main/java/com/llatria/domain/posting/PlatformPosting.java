package com.llatria.domain.posting;

import com.llatria.domain.item.ItemId;
import com.llatria.domain.user.UserId;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One item on one platform, and where it stands there: a child row of the item with its own id.
 * {@code externalRef} is the platform's handle beyond the listing id (eBay's offer id);
 * {@code warnings} are what the platform said alongside a success; {@code categoryId} is the
 * seller's choice of the platform's category, if any; {@code version} is the owner's version of
 * the write that last changed this posting (the same write touched its item).
 */
public record PlatformPosting(PostingId id, UserId owner, ItemId item, Platform platform, PostingMode mode,
                              PostingState state, Optional<String> externalRef, List<String> warnings,
                              Optional<String> categoryId, long version) {
    public PlatformPosting {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(externalRef, "externalRef");
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(categoryId, "categoryId");
    }

    public static PlatformPosting idle(PostingId id, UserId owner, ItemId item, Platform platform, PostingMode mode) {
        return new PlatformPosting(id, owner, item, platform, mode, new PostingState.Idle(), Optional.empty(), List.of(),
                Optional.empty(), 0);
    }

    public PostingTransition on(PostingEvent event) {
        return state.on(event);
    }

    public PlatformPosting in(PostingState next, long atVersion) {
        return new PlatformPosting(id, owner, item, platform, mode, next, externalRef, warnings, categoryId, atVersion);
    }

    public PlatformPosting withExternalRef(Optional<String> ref) {
        return new PlatformPosting(id, owner, item, platform, mode, state, ref, warnings, categoryId, version);
    }

    public PlatformPosting withWarnings(List<String> values) {
        return new PlatformPosting(id, owner, item, platform, mode, state, externalRef, values, categoryId, version);
    }

    public PlatformPosting withCategoryId(Optional<String> value) {
        return new PlatformPosting(id, owner, item, platform, mode, state, externalRef, warnings, value, version);
    }

    public PlatformPosting withMode(PostingMode value) {
        return new PlatformPosting(id, owner, item, platform, value, state, externalRef, warnings, categoryId, version);
    }

    /** When a job must act on it: never for a listing the seller places by hand. */
    public Optional<java.time.Instant> dueAt() {
        return mode == PostingMode.API ? state.dueAt() : Optional.empty();
    }

    /** On the platform or possibly about to be: what a sale elsewhere must take down. */
    public boolean live() {
        return !(state instanceof PostingState.Idle) && !(state instanceof PostingState.Removing);
    }

    /** The SKU every platform knows this item by: derived from the item id, so every attempt names the same listing. */
    public String sku() {
        return Listing.skuOf(item);
    }
}
