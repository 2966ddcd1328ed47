package com.llatria.application.photos;

import com.llatria.application.WriteMark;

import java.util.function.Supplier;

/**
 * Marks the item writes that change its photos (added, removed, reordered), so that the posting
 * hook can tell them from other writes that change no field (a sync push whose values lost, a
 * posting's progress): only these change what a live listing shows (finding 9.34).
 */
public final class PhotoWrites {
    private static final WriteMark MARK = new WriteMark();

    private PhotoWrites() {
    }

    /** Whether the item write running on this thread changes the item's photos. */
    public static boolean active() {
        return MARK.active();
    }

    static <T> T run(Supplier<T> work) {
        return MARK.run(work);
    }
}
