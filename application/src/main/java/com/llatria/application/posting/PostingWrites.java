package com.llatria.application.posting;

import java.util.function.Supplier;

/**
 * Marks the item writes made for postings, so the posting hook can tell them from other
 * touches of an item (a photo added, removed or reordered), which must update live listings.
 */
final class PostingWrites {
    private static final ThreadLocal<Boolean> ACTIVE = ThreadLocal.withInitial(() -> false);

    private PostingWrites() {
    }

    static boolean active() {
        return ACTIVE.get();
    }

    static <T> T run(Supplier<T> work) {
        boolean outer = ACTIVE.get();
        ACTIVE.set(true);
        try {
            return work.get();
        } finally {
            ACTIVE.set(outer);
        }
    }
}
