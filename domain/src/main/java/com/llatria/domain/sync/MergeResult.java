package com.llatria.domain.sync;

import java.util.List;

/**
 * The replica after a merge, whether it differs from before (a value, a stamp, a tombstone, or a
 * write newly remembered as seen), and the conflicts to record.
 */
public record MergeResult<F, V>(Replica<F, V> replica, boolean changed, List<Conflict<F, V>> conflicts) {
    public MergeResult {
        conflicts = List.copyOf(conflicts);
    }
}
