package com.llatria.domain.posting;

import com.llatria.domain.item.ItemId;

import java.util.Objects;

/** One item on one platform, and where it stands there. */
public record PlatformPosting(ItemId item, Platform platform, PostingState state) {
    public PlatformPosting {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(state, "state");
    }

    public static PlatformPosting idle(ItemId item, Platform platform) {
        return new PlatformPosting(item, platform, new PostingState.Idle());
    }

    public PostingTransition on(PostingEvent event) {
        return state.on(event);
    }

    public PlatformPosting in(PostingState next) {
        return new PlatformPosting(item, platform, next);
    }
}
