package com.llatria.application.sync;

import com.llatria.application.inventory.ItemView;
import com.llatria.application.inventory.ItemViews;
import com.llatria.domain.item.Item;
import com.llatria.domain.port.ConflictLog;
import com.llatria.domain.port.ItemRepository;
import com.llatria.domain.port.SyncDevices;
import com.llatria.domain.port.SyncFeed;
import com.llatria.domain.port.Transactions;
import com.llatria.domain.sync.ChangeLogEntry;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.DeviceSyncState;
import com.llatria.domain.sync.RecordedConflict;
import com.llatria.domain.user.UserId;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Pull: the owner's entities changed after a cursor, each once in its newest state, tombstones
 * included, a page at a time. The cursor is a server version (rule 1), never a client clock.
 */
public final class SyncPull {
    public static final int DEFAULT_LIMIT = 500;
    public static final int MAX_LIMIT = 1000;

    private final SyncFeed feed;
    private final ItemRepository items;
    private final SyncDevices devices;
    private final ConflictLog conflicts;
    private final ItemViews views;
    private final Transactions transactions;
    private final Clock clock;

    public SyncPull(SyncFeed feed, ItemRepository items, SyncDevices devices, ConflictLog conflicts, ItemViews views, Transactions transactions,
                    Clock clock) {
        this.feed = feed;
        this.items = items;
        this.devices = devices;
        this.conflicts = conflicts;
        this.views = views;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** One page: {@code changes} in version order, the {@code cursor} to continue from, and whether more follow. */
    public record Page(List<ItemView> changes, long cursor, boolean hasMore) {
        public Page {
            changes = List.copyOf(changes);
        }
    }

    public Page pull(UserId owner, DeviceId device, int schemaVersion, long cursor, int limit) {
        SyncProblems.checkSchema(schemaVersion);
        if (cursor < 0) throw SyncProblems.invalid("cursor", "must be 0 or a cursor from an earlier pull");
        if (limit < 1 || limit > MAX_LIMIT) throw SyncProblems.invalid("limit", "must be from 1 to " + MAX_LIMIT);
        long current = feed.currentVersion(owner);
        if (cursor > current) {
            // A cursor this server never handed out: the server's data was restored from a backup, or the client is confused.
            throw SyncProblems.resetRequired(cursor, "is ahead of the server (at version " + current + ")");
        }
        List<Item> changed = feed.changedSince(owner, cursor, limit + 1);
        // The floor is read after the items: a purge that removed a tombstone this read did not
        // see has raised the floor by now (both in one transaction), so the cursor is refused.
        long floor = feed.floor(owner);
        if (cursor > 0 && cursor < floor) {
            throw SyncProblems.resetRequired(cursor, "is older than the deletes the server still keeps (from version " + floor + ")");
        }
        boolean hasMore = changed.size() > limit;
        List<Item> page = hasMore ? changed.subList(0, limit) : changed;
        long next = page.isEmpty() ? cursor : page.get(page.size() - 1).version();
        remember(owner, device, next);
        return new Page(views.of(owner, page), next, hasMore);
    }

    /** Where the owner and this device stand. */
    public record LastSync(long version, long lastMutationId, long lastPullCursor) {
    }

    public LastSync lastSync(UserId owner, DeviceId device) {
        long version = feed.currentVersion(owner);
        Optional<DeviceSyncState> state = devices.find(owner, device);
        return new LastSync(version, state.map(DeviceSyncState::lastMutationId).orElse(0L),
                state.map(DeviceSyncState::lastPullCursor).orElse(0L));
    }

    /** What live events carry for one committed change: the entity as pull shows it, and the conflicts the write recorded. */
    public record Event(ChangeLogEntry change, Optional<ItemView> entity, List<RecordedConflict> conflicts) {
        public Event {
            conflicts = List.copyOf(conflicts);
        }
    }

    /**
     * The entity behind a change, read now. It may be newer than the change (a later write has
     * already landed): a client applying events in version order then simply sees a gap and
     * skips nothing it needs, since the newer state is what pull would give it too.
     */
    public Event event(ChangeLogEntry change) {
        Optional<ItemView> view = items.find(change.owner(), change.item()).map(views::of);
        return new Event(change, view, conflicts.atVersion(change.owner(), change.version()));
    }

    private void remember(UserId owner, DeviceId device, long cursor) {
        transactions.inTransaction(() -> {
            DeviceSyncState state = devices.lock(owner, device, clock.instant());
            devices.save(state.pulled(cursor, clock.instant()));
            return null;
        });
    }
}
