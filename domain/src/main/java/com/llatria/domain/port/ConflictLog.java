package com.llatria.domain.port;

import com.llatria.domain.item.ItemId;
import com.llatria.domain.sync.ConflictCursor;
import com.llatria.domain.sync.ConflictId;
import com.llatria.domain.sync.RecordedConflict;
import com.llatria.domain.user.UserId;

import java.util.List;
import java.util.Optional;

/** The conflicts sync recorded, for the owner to review and resolve. */
public interface ConflictLog {
    void record(RecordedConflict conflict);

    /** Unresolved conflicts ordered by (version, id; ids compared as text), after the cursor, at most {@code limit}. */
    List<RecordedConflict> open(UserId owner, Optional<ConflictCursor> after, int limit);

    /** The conflicts recorded by the owner's write at {@code version}. */
    List<RecordedConflict> atVersion(UserId owner, long version);

    Optional<RecordedConflict> find(UserId owner, ConflictId id);

    /** The unresolved conflicts recorded on one of the owner's items, in the order of {@link #open}. */
    List<RecordedConflict> openFor(UserId owner, ItemId item);

    /** Stores the conflict's resolution; false when it was already resolved (or is not the owner's). */
    boolean resolve(RecordedConflict resolved);
}
