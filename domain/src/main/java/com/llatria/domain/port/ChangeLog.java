package com.llatria.domain.port;

import com.llatria.domain.sync.ChangeLogEntry;
import com.llatria.domain.sync.NewChange;
import com.llatria.domain.user.UserId;

import java.util.List;

/**
 * The ordered record of every write to a user's data: the sync pull cursor. Versions are per
 * user and strictly increasing, assigned inside the writing transaction, which holds the user's
 * lock until it ends, so versions become visible in order and a pull never skips one.
 */
public interface ChangeLog {
    /** Appends the change and returns the version it was given. Call inside a transaction. */
    long append(UserId owner, NewChange change);

    /** Changes after {@code afterVersion}, oldest first, at most {@code limit}. */
    List<ChangeLogEntry> since(UserId owner, long afterVersion, int limit);
}
