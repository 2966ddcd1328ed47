package com.llatria.application;

import java.util.function.Supplier;

/**
 * Marks the item writes of one kind made on this thread, so the hooks that see every item write
 * can tell them apart (a posting's progress, a photo change) from writes that change no field.
 */
public final class WriteMark {
    private final ThreadLocal<Boolean> active = ThreadLocal.withInitial(() -> false);

    /** Whether the item write running on this thread is of this kind. */
    public boolean active() {
        return active.get();
    }

    /** Runs the work with its item writes marked (nested runs keep the outer mark). */
    public <T> T run(Supplier<T> work) {
        boolean outer = active.get();
        active.set(true);
        try {
            return work.get();
        } finally {
            active.set(outer);
        }
    }
}
