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
    /**
     * Takes the owner's write lock until the current transaction ends. A writer takes it before
     * reading what it will change, so that no other write of the owner's data can come between
     * its read and its write (a lost update). Call inside a transaction.
     */
    void lock(UserId owner);

    /** Appends the change and returns the version it was given; takes the owner's lock too. Call inside a transaction. */
    long append(UserId owner, NewChange change);

    /** Changes after {@code afterVersion}, oldest first, at most {@code limit}. */
    List<ChangeLogEntry> since(UserId owner, long afterVersion, int limit);
}
