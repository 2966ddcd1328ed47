package com.llatria.application.inventory;

import com.llatria.application.UseCaseException;
import com.llatria.domain.item.Deletion;
import com.llatria.domain.item.FieldStamp;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.port.ChangeLog;
import com.llatria.domain.port.EventBus;
import com.llatria.domain.port.ItemRepository;
import com.llatria.domain.port.Transactions;
import com.llatria.domain.sync.ChangeKind;
import com.llatria.domain.sync.ChangeLogEntry;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.Hlc;
import com.llatria.domain.sync.HybridLogicalClock;
import com.llatria.domain.sync.NewChange;
import com.llatria.domain.user.UserId;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one way an item changes. Every writer (REST updates, sales, bulk actions, deletes, photos,
 * sync pushes, postings) hands it an {@link ItemEdit}; it then, in one transaction:
 * <ol>
 *   <li>takes the owner's write lock <em>before</em> reading, so that no other write of the
 *       owner's data comes between the read and the write (no lost update, and a stale expected
 *       version is always seen as stale);</li>
 *   <li>reads the item as stored (tombstones included) and lets the edit decide;</li>
 *   <li>for a change: takes the owner's next version, appends the change log, stores the item,
 *       runs the {@link ItemWriteHook}s inside the same transaction;</li>
 *   <li>after commit, and only then, publishes the change on the {@link EventBus}.</li>
 * </ol>
 * Inside a transaction that is already open it joins it.
 */
public final class ItemWriter {
    private final ItemRepository items;
    private final ChangeLog changeLog;
    private final Transactions transactions;
    private final EventBus events;
    private final Clock clock;
    private final HybridLogicalClock hlc;
    private final List<ItemWriteHook> hooks = new CopyOnWriteArrayList<>();

    public ItemWriter(ItemRepository items, ChangeLog changeLog, Transactions transactions, EventBus events, Clock clock,
                      HybridLogicalClock hlc) {
        this.items = items;
        this.changeLog = changeLog;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
        this.hlc = hlc;
    }

    /** Reacts, inside the writing transaction, to every item write (e.g. a sale taking down postings). */
    public void addHook(ItemWriteHook hook) {
        hooks.add(hook);
    }

    /**
     * Takes the owner's write lock in the transaction under way, held until it ends: no item
     * write of the owner's commits in between, so what the caller reads next stays complete
     * until it commits (as a deactivation needs for the postings it takes down).
     */
    public void lockOwner(UserId owner) {
        transactions.inTransaction(() -> {
            changeLog.lock(owner);
            return null;
        });
    }

    /** Runs the edit; a refusal is thrown. */
    public <R> R write(UserId owner, DeviceId device, ItemId id, ItemEdit<R> edit) {
        return attempt(owner, device, id, edit).orThrow();
    }

    /** Runs the edit; a refusal is returned as a value (for batches that report per item). */
    public <R> WriteResult<R> attempt(UserId owner, DeviceId device, ItemId id, ItemEdit<R> edit) {
        return transactions.inTransaction(() -> {
            changeLog.lock(owner);
            Optional<Item> current = items.find(owner, id);
            ItemEdit.Outcome<R> outcome = edit.decide(current);
            if (outcome instanceof ItemEdit.Outcome.Unchanged<R> unchanged) {
                return new WriteResult.Done<>(unchanged.result());
            }
            if (outcome instanceof ItemEdit.Outcome.Refused<R> refused) {
                return new WriteResult.Refused<>(refused.failure());
            }
            ItemEdit.Outcome.Changed<R> changed = (ItemEdit.Outcome.Changed<R>) outcome;
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            long version = changeLog.append(owner, new NewChange(id, changed.kind(), device, now));
            // The server's stamp comes after every stamp already on the item, whichever instance or
            // device wrote it, so that a plain (last-writer-wins) write does win; other items'
            // stamps do not move it (one tenant's clock must not date another's writes).
            Hlc stamp = current.flatMap(ItemWriter::latestStamp).map(hlc::nowAfter).orElseGet(hlc::now);
            Item next = changed.next().apply(new WriteStamp(version, now, stamp));
            if (!next.id().equals(id) || !next.owner().equals(owner) || next.version() != version) {
                throw new IllegalStateException("an edit must return the same item at the new version");
            }
            if (current.isEmpty()) {
                // The id is someone else's (ids are global). Throwing rolls back the version taken above.
                if (!items.insert(next)) throw ItemIdConflict.notAvailable();
            } else {
                items.update(next);
            }
            hooks.forEach(hook -> hook.written(current, next, device));
            ChangeLogEntry entry = new ChangeLogEntry(owner, version, id, changed.kind(), device, now);
            transactions.afterCommit(() -> events.publish(entry));
            return new WriteResult.Done<>(changed.result().apply(next));
        });
    }

    /** What an {@link ItemEdit} produced: its result, or the reason it refused. */
    public sealed interface WriteResult<R> {
        R orThrow();

        record Done<R>(R value) implements WriteResult<R> {
            public R orThrow() {
                return value;
            }
        }

        record Refused<R>(UseCaseException failure) implements WriteResult<R> {
            public R orThrow() {
                throw failure;
            }
        }
    }

    /** The latest stamp on the item: its fields', its delete's or its restore's. */
    private static Optional<Hlc> latestStamp(Item item) {
        Optional<Hlc> latest = item.stamps().values().stream().map(FieldStamp::stamp).max(Comparator.naturalOrder());
        for (Hlc other : List.of(item.deletion().map(Deletion::stamp), item.restored()).stream().flatMap(Optional::stream).toList()) {
            if (latest.isEmpty() || other.isAfter(latest.get())) latest = Optional.of(other);
        }
        return latest;
    }

    /** Convenience for edits: the kind of change a write is. */
    public static ChangeKind kindFor(Optional<Item> current) {
        return current.isEmpty() ? ChangeKind.CREATE : ChangeKind.UPDATE;
    }
}
