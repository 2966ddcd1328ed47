package com.llatria.application.sync;

import com.llatria.application.UseCaseException;
import com.llatria.application.UseCaseException.Kind;
import com.llatria.application.inventory.IllegalTransition;
import com.llatria.application.inventory.ItemEdit;
import com.llatria.application.inventory.ItemView;
import com.llatria.application.inventory.ItemViews;
import com.llatria.application.inventory.ItemWriter;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemField;
import com.llatria.domain.item.ItemSync;
import com.llatria.domain.item.ItemValue;
import com.llatria.domain.item.Lifecycle;
import com.llatria.domain.item.Transition;
import com.llatria.domain.port.ConflictLog;
import com.llatria.domain.port.Transactions;
import com.llatria.domain.sync.ChangeKind;
import com.llatria.domain.sync.Conflict;
import com.llatria.domain.sync.ConflictCursor;
import com.llatria.domain.sync.ConflictId;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.RecordedConflict;
import com.llatria.domain.sync.Write;
import com.llatria.domain.user.UserId;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The conflicts sync recorded (rule 4), for the owner to review, and their resolution. A
 * resolution that changes the item is an ordinary write through the one write path: a new
 * version, a change log entry, an event, and a server stamp later than every stamp on the item,
 * so that it wins on every device.
 */
public final class SyncConflicts {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    private final ConflictLog conflicts;
    private final ItemWriter writer;
    private final ItemViews views;
    private final Transactions transactions;
    private final Clock clock;

    public SyncConflicts(ConflictLog conflicts, ItemWriter writer, ItemViews views, Transactions transactions, Clock clock) {
        this.conflicts = conflicts;
        this.writer = writer;
        this.views = views;
        this.transactions = transactions;
        this.clock = clock;
    }

    public record Page(List<RecordedConflict> conflicts, Optional<ConflictCursor> next) {
        public Page {
            conflicts = List.copyOf(conflicts);
        }
    }

    public Page open(UserId owner, Optional<ConflictCursor> after, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) throw SyncProblems.invalid("limit", "must be from 1 to " + MAX_LIMIT);
        List<RecordedConflict> found = conflicts.open(owner, after, limit + 1);
        boolean more = found.size() > limit;
        List<RecordedConflict> page = more ? found.subList(0, limit) : found;
        return new Page(page, more ? Optional.of(ConflictCursor.after(page.get(page.size() - 1))) : Optional.empty());
    }

    public RecordedConflict find(UserId owner, ConflictId id) {
        return conflicts.find(owner, id).orElseThrow(() -> new UseCaseException(Kind.NOT_FOUND, "not-found", "Not found",
                "no conflict " + id));
    }

    /** How the user settles a conflict. {@code value} is only for {@link RecordedConflict.Choice#VALUE}. */
    public record Resolution(RecordedConflict.Choice choice, Optional<ItemValue> value) {
    }

    public record Resolved(RecordedConflict conflict, ItemView item) {
    }

    public Resolved resolve(UserId owner, DeviceId device, ConflictId id, Resolution resolution) {
        return transactions.inTransaction(() -> {
            RecordedConflict conflict = find(owner, id);
            if (conflict.resolved()) {
                throw new UseCaseException(Kind.CONFLICT, "already-resolved", "Conflict already resolved",
                        "conflict " + id + " was resolved at " + conflict.resolution().get().at());
            }
            List<ItemValue> values = values(conflict, resolution);
            boolean undelete = conflict.conflict() instanceof Conflict.DeleteConflict && resolution.choice() == RecordedConflict.Choice.TAKE;
            ItemView item = writer.write(owner, device, conflict.item(), current -> decide(conflict, values, undelete, current));
            RecordedConflict settled = new RecordedConflict(conflict.id(), owner, conflict.item(), conflict.version(),
                    conflict.device(), conflict.at(), conflict.conflict(),
                    Optional.of(new RecordedConflict.Resolution(clock.instant(), resolution.choice())));
            if (!conflicts.resolve(settled)) {
                throw new UseCaseException(Kind.CONFLICT, "already-resolved", "Conflict already resolved",
                        "conflict " + id + " was resolved meanwhile");
            }
            return new Resolved(settled, item);
        });
    }

    /** The values the resolution writes: none to keep what is there, the losing value(s), or the user's own. */
    private static List<ItemValue> values(RecordedConflict recorded, Resolution resolution) {
        Conflict<ItemField, ItemValue> conflict = recorded.conflict();
        switch (resolution.choice()) {
            case KEEP:
                return List.of();
            case TAKE:
                if (conflict instanceof Conflict.FieldConflict<ItemField, ItemValue> field) {
                    return List.of(field.incomingWon() ? field.serverValue() : field.incomingValue());
                }
                return ((Conflict.DeleteConflict<ItemField, ItemValue>) conflict).edits().values().stream()
                        .map(Write::value).toList();
            default:
                if (!(conflict instanceof Conflict.FieldConflict<ItemField, ItemValue> field)) {
                    throw SyncProblems.invalid("resolution", "a delete conflict is resolved with keep (stay deleted) or take (restore the item)");
                }
                ItemValue value = resolution.value().orElseThrow(() -> SyncProblems.invalid("value", "is required with resolution value"));
                if (value.field() != field.field()) {
                    throw SyncProblems.invalid("value", "must be a value for " + field.field().wireName());
                }
                return List.of(value);
        }
    }

    private ItemEdit.Outcome<ItemView> decide(RecordedConflict conflict, List<ItemValue> values, boolean undelete,
                                              Optional<Item> current) {
        if (current.isEmpty()) {
            return ItemEdit.refused(new UseCaseException(Kind.CONFLICT, "item-gone", "Item no longer exists",
                    "the item of this conflict was deleted and its tombstone purged; keep is the only resolution left"));
        }
        Item item = current.get();
        if (values.isEmpty()) return ItemEdit.unchanged(views.of(item));
        if (item.deleted() && !undelete) {
            return ItemEdit.refused(new UseCaseException(Kind.CONFLICT, "item-deleted", "Item deleted",
                    "the item was deleted; restore it first (resolve its delete conflict with take) or keep"));
        }
        Lifecycle lifecycle = values.stream().filter(v -> v instanceof ItemValue.Status).map(v -> ((ItemValue.Status) v).value())
                .findFirst().orElse(item.lifecycle());
        if (!item.deleted() && lifecycle.status() != item.status()) {
            Transition transition = item.lifecycle().apply(item.lifecycle().towards(lifecycle.status(), clock.instant()));
            if (transition instanceof Transition.Refused refused) return ItemEdit.refused(new IllegalTransition(refused));
        }
        // The resolution's stamp is later than every stamp on the item, whoever wrote them (ItemWriter sees to it).
        return ItemEdit.changed(ChangeKind.UPDATE,
                stamp -> ItemSync.resolve(item, values, undelete, stamp.hlc(), stamp.at(), stamp.version()), views::of);
    }
}
