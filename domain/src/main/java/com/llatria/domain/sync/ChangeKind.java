package com.llatria.domain.sync;

public enum ChangeKind {
    CREATE, UPDATE, DELETE,
    /**
     * One of the item's postings changed state; the item's own fields did not. Live events
     * announce it as {@code posting:status-changed}.
     */
    POSTING
}
