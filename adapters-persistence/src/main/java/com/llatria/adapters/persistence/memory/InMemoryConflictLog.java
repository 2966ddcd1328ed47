package com.llatria.adapters.persistence.memory;

import com.llatria.domain.item.ItemId;
import com.llatria.domain.port.ConflictLog;
import com.llatria.domain.sync.ConflictCursor;
import com.llatria.domain.sync.ConflictId;
import com.llatria.domain.sync.RecordedConflict;
import com.llatria.domain.user.UserId;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

public final class InMemoryConflictLog implements ConflictLog {
    private static final Comparator<RecordedConflict> ORDER = Comparator.comparingLong(RecordedConflict::version)
            .thenComparing(c -> c.id().value().toString());
    private final InMemoryStore store;

    public InMemoryConflictLog(InMemoryStore store) {
        this.store = store;
    }

    @Override
    public void record(RecordedConflict conflict) {
        store.locked(() -> {
            store.conflicts.put(conflict.id(), conflict);
        });
    }

    @Override
    public List<RecordedConflict> open(UserId owner, Optional<ConflictCursor> after, int limit) {
        return store.locked(() -> store.conflicts.values().stream()
                .filter(c -> c.owner().equals(owner) && !c.resolved())
                .filter(c -> after.map(cursor -> cursor.before(c)).orElse(true))
                .sorted(ORDER)
                .limit(limit)
                .toList());
    }

    @Override
    public List<RecordedConflict> atVersion(UserId owner, long version) {
        return store.locked(() -> store.conflicts.values().stream()
                .filter(c -> c.owner().equals(owner) && c.version() == version)
                .sorted(ORDER)
                .toList());
    }

    @Override
    public Optional<RecordedConflict> find(UserId owner, ConflictId id) {
        return store.locked(() -> Optional.ofNullable(store.conflicts.get(id)).filter(c -> c.owner().equals(owner)));
    }

    @Override
    public List<RecordedConflict> openFor(UserId owner, ItemId item) {
        return store.locked(() -> store.conflicts.values().stream()
                .filter(c -> c.owner().equals(owner) && c.item().equals(item) && !c.resolved())
                .sorted(ORDER)
                .toList());
    }

    @Override
    public boolean resolve(RecordedConflict resolved) {
        return store.locked(() -> {
            RecordedConflict stored = store.conflicts.get(resolved.id());
            if (stored == null || !stored.owner().equals(resolved.owner()) || stored.resolved()) return false;
            store.conflicts.put(resolved.id(), resolved);
            return true;
        });
    }
}
