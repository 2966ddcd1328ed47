package com.llatria.application.posting;

import com.llatria.application.WriteMark;

import java.util.function.Supplier;

/**
 * Marks the item writes made for postings, so the posting hook can tell them from other
 * touches of an item (a photo added, removed or reordered), which must update live listings.
 */
final class PostingWrites {
    private static final WriteMark MARK = new WriteMark();

    private PostingWrites() {
    }

    static boolean active() {
        return MARK.active();
    }

    static <T> T run(Supplier<T> work) {
        return MARK.run(work);
    }
}
