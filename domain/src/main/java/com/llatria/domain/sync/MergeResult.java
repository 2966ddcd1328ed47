package com.llatria.domain.sync;

import java.util.List;

/** The replica after a merge, whether anything changed, and the conflicts to record. */
public record MergeResult<F>(Replica<F> replica, boolean changed, List<Conflict<F>> conflicts) {
    public MergeResult {
        conflicts = List.copyOf(conflicts);
    }
}
