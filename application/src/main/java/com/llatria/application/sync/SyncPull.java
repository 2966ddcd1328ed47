package com.llatria.application.sync;

import com.llatria.application.inventory.ItemView;
import com.llatria.application.inventory.ItemViews;
import com.llatria.domain.item.ItemWithPhotos;
import com.llatria.domain.port.ConflictLog;
import com.llatria.domain.port.ItemRepository;
import com.llatria.domain.port.SyncDevices;
import com.llatria.domain.port.SyncFeed;
import com.llatria.domain.sync.ChangeLogEntry;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.DeviceSyncState;
import com.llatria.domain.sync.RecordedConflict;
import com.llatria.domain.user.UserId;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

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
    private final Clock clock;
    private final PagePrefetch prefetch;

    public SyncPull(SyncFeed feed, ItemRepository items, SyncDevices devices, ConflictLog conflicts, ItemViews views, Clock clock) {
        this(feed, items, devices, conflicts, views, clock, null);
    }

    /**
     * With {@code readAhead}, the page after one that has more is read on it while the client is
     * busy ({@link PagePrefetch}); without, every page is read when it is asked for.
     */
    public SyncPull(SyncFeed feed, ItemRepository items, SyncDevices devices, ConflictLog conflicts, ItemViews views, Clock clock,
                    Executor readAhead) {
        this.feed = feed;
        this.items = items;
        this.devices = devices;
        this.conflicts = conflicts;
        this.views = views;
        this.clock = clock;
        this.prefetch = readAhead == null ? null : new PagePrefetch(feed, readAhead, clock);
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
        // One read: the page, the owner's version and floor, all as of one instant.
        SyncFeed.Page read = (prefetch == null ? Optional.<SyncFeed.Page>empty() : prefetch.take(owner, cursor, limit + 1))
                .orElseGet(() -> feed.page(owner, cursor, limit + 1));
        if (cursor > read.currentVersion()) {
            // A cursor this server never handed out: the server's data was restored from a backup, or the client is confused.
            throw SyncProblems.resetRequired(cursor, "is ahead of the server (at version " + read.currentVersion() + ")");
        }
        // The floor is of the same instant as the items: a purge removes tombstones and raises the
        // floor in one transaction, so a read that no longer finds a tombstone finds the raised floor.
        if (cursor > 0 && cursor < read.floor()) {
            throw SyncProblems.resetRequired(cursor, "is older than the deletes the server still keeps (from version " + read.floor() + ")");
        }
        List<ItemWithPhotos> changed = read.items();
        boolean hasMore = changed.size() > limit;
        List<ItemWithPhotos> page = hasMore ? changed.subList(0, limit) : changed;
        long next = page.isEmpty() ? cursor : page.get(page.size() - 1).item().version();
        devices.pulled(owner, device, next, clock.instant());
        if (hasMore && prefetch != null) prefetch.readAhead(owner, next, limit + 1);
        ItemView[] shown = new ItemView[page.size()];
        for (int i = 0; i < shown.length; i++) shown[i] = views.of(page.get(i));
        return new Page(List.of(shown), next, hasMore);
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
        Optional<ItemView> view = items.findWithPhotos(change.owner(), change.item()).map(views::of);
        return new Event(change, view, conflicts.atVersion(change.owner(), change.version()));
    }

}
