package com.llatria.adapters.persistence.memory;

import com.llatria.domain.port.ChangeLog;
import com.llatria.domain.sync.ChangeLogEntry;
import com.llatria.domain.sync.NewChange;
import com.llatria.domain.user.UserId;

import java.util.ArrayList;
import java.util.List;

public final class InMemoryChangeLog implements ChangeLog {
    private final InMemoryStore store;

    public InMemoryChangeLog(InMemoryStore store) {
        this.store = store;
    }

    /** Every in-memory transaction holds the store's one lock already. */
    @Override
    public void lock(UserId owner) {
    }

    @Override
    public long append(UserId owner, NewChange change) {
        return store.locked(() -> {
            long version = store.versions.merge(owner, 1L, Long::sum);
            store.changes.computeIfAbsent(owner, o -> new ArrayList<>()).add(new ChangeLogEntry(owner, version,
                    change.item(), change.kind(), change.device(), change.at()));
            return version;
        });
    }

    @Override
    public List<ChangeLogEntry> since(UserId owner, long afterVersion, int limit) {
        return store.locked(() -> store.changes.getOrDefault(owner, List.of()).stream()
                .filter(e -> e.version() > afterVersion)
                .limit(limit)
                .toList());
    }
}
