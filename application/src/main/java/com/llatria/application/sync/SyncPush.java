package com.llatria.application.sync;

import com.llatria.application.FieldError;
import com.llatria.application.UseCaseException;
import com.llatria.application.UseCaseException.Kind;
import com.llatria.application.inventory.IllegalTransition;
import com.llatria.application.inventory.ItemEdit;
import com.llatria.application.inventory.ItemView;
import com.llatria.application.inventory.ItemViews;
import com.llatria.application.inventory.ItemWriter;
import com.llatria.application.photos.ItemPhotos;
import com.llatria.domain.image.ItemImage;
import com.llatria.domain.item.FieldStamp;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemField;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemSync;
import com.llatria.domain.item.ItemValue;
import com.llatria.domain.item.Lifecycle;
import com.llatria.domain.item.Sale;
import com.llatria.domain.item.Transition;
import com.llatria.domain.port.ConflictLog;
import com.llatria.domain.port.IdGenerator;
import com.llatria.domain.port.ItemRepository;
import com.llatria.domain.port.SyncDevices;
import com.llatria.domain.port.SyncFeed;
import com.llatria.domain.port.Transactions;
import com.llatria.domain.sync.Change;
import com.llatria.domain.sync.Conflict;
import com.llatria.domain.sync.ChangeKind;
import com.llatria.domain.sync.ConflictId;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.DeviceSyncState;
import com.llatria.domain.sync.Hlc;
import com.llatria.domain.sync.HybridLogicalClock;
import com.llatria.domain.sync.RecordedConflict;
import com.llatria.domain.sync.Write;
import com.llatria.domain.user.UserId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Push: a batch of one device's mutations, applied in order, each in its own transaction through
 * the one item write path, where the merge ({@link ItemSync}) decides. The device's last applied
 * mutation id is stored in that same transaction, and anything at or below it is skipped, so a
 * retried or replayed batch applies nothing twice (rule 2). A mutation that can never apply is
 * recorded as processed with its problem and never blocks the ones after it.
 */
public final class SyncPush {
    public static final int MAX_MUTATIONS = 500;
    /** How long a push waits for the account's previous push to finish before a 429. */
    static final Duration TURN_WAIT = Duration.ofSeconds(30);

    /** Per owner with a push under way or waiting (fair: pushes go in arrival order); gone when none is. */
    private final Map<UserId, Turn> turns = new ConcurrentHashMap<>();

    private static final class Turn {
        final ReentrantLock lock = new ReentrantLock(true);
        int users; // changed only inside the map's compute, which serialises it per key

        Turn join() {
            users++;
            return this;
        }

        Turn leave() {
            return --users == 0 ? null : this;
        }
    }

    private final ItemWriter writer;
    private final ItemRepository items;
    private final SyncDevices devices;
    private final SyncFeed feed;
    private final ConflictLog conflicts;
    private final ItemPhotos photos;
    private final ItemViews views;
    private final Transactions transactions;
    private final IdGenerator ids;
    private final Clock clock;
    private final HybridLogicalClock hlc;

    public SyncPush(ItemWriter writer, ItemRepository items, SyncDevices devices, SyncFeed feed,
                    ConflictLog conflicts, ItemPhotos photos, ItemViews views, Transactions transactions, IdGenerator ids,
                    Clock clock, HybridLogicalClock hlc) {
        this.writer = writer;
        this.items = items;
        this.devices = devices;
        this.feed = feed;
        this.conflicts = conflicts;
        this.photos = photos;
        this.views = views;
        this.transactions = transactions;
        this.ids = ids;
        this.clock = clock;
        this.hlc = hlc;
    }

    public enum Status {
        /** Written (or nothing to write: the server already had it under another mutation id). */
        APPLIED,
        /** At or below the device's last applied mutation id: skipped. */
        DUPLICATE,
        /** Written, and the merge recorded conflicts for review. */
        CONFLICT,
        /** Can never apply; recorded as processed with its problem. */
        REJECTED
    }

    /**
     * {@code keptOut}: what of the mutation does not stand on the server (finding 7.19), by wire
     * name: the fields whose value on the server is not the one sent (it lost to a later stamp,
     * was merged before from this device, or was adjusted, as a clamped sale time), every field
     * of a rejected upsert or of one that met a deleted item, or {@code "deleted"} for a delete
     * the item outlived. Empty when the mutation stands as sent.
     */
    public record Outcome(long mutationId, Status status, long version, List<RecordedConflict> conflicts,
                          Optional<UseCaseException> problem, List<String> keptOut) {
        public Outcome {
            conflicts = List.copyOf(conflicts);
            keptOut = List.copyOf(keptOut);
        }
    }

    /**
     * {@code version}: the owner's version after the batch. {@code current}: the items as pull
     * shows them, read after the batch, once each, for every item a mutation of the batch names
     * with something kept out, so that the device can correct its optimistic copy (one entry per
     * item: a 500-mutation batch brings at most 500; an item the server does not have is absent).
     */
    public record Result(long version, List<Outcome> results, List<ItemView> current) {
        public Result {
            results = List.copyOf(results);
            current = List.copyOf(current);
        }
    }

    public Result push(UserId owner, DeviceId device, int schemaVersion, List<Mutation> mutations) {
        SyncProblems.checkSchema(schemaVersion);
        if (mutations.size() > MAX_MUTATIONS) {
            throw new UseCaseException(Kind.TOO_LARGE, "batch-too-large", "Batch too large",
                    "a push carries at most " + MAX_MUTATIONS + " mutations; send the rest in the next batch")
                    .withErrors(List.of(new FieldError("mutations", "must hold at most " + MAX_MUTATIONS + " mutations")));
        }
        for (int i = 0; i < mutations.size(); i++) {
            if (mutations.get(i).mutationId() < 1) {
                throw SyncProblems.invalid("mutations[" + i + "].mutationId", "must be 1 or more");
            }
            if (i > 0 && mutations.get(i).mutationId() != mutations.get(i - 1).mutationId() + 1) {
                throw SyncProblems.invalid("mutations[" + i + "].mutationId",
                        "must be one more than the one before it (mutations go in the device's order, none left out)");
            }
        }
        // One push per owner at a time on this instance: a second would only wait, mutation by
        // mutation, for the owner's row lock while holding a pooled connection; here it waits
        // holding none, so parallel pushes of one account cannot drain the pool (finding 7.16).
        Turn turn = turns.compute(owner, (key, current) -> (current == null ? new Turn() : current).join());
        try {
            if (!turn.lock.tryLock(TURN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new UseCaseException(Kind.RATE_LIMITED, "push-busy", "Another push is running",
                        "another push of this account is still being applied; send this one again shortly")
                        .withRetryAfter(Duration.ofSeconds(1));
            }
            try {
                // Checked in turn, not before the wait: a batch sent while the device's previous one
                // is still being applied here would otherwise see a gap where nothing is missing.
                checkNoGap(owner, device, mutations);
                List<Outcome> results = new ArrayList<>();
                for (Mutation mutation : mutations) results.add(apply(owner, device, mutation));
                return new Result(feed.currentVersion(owner), results, current(owner, mutations, results));
            } finally {
                turn.lock.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UseCaseException(Kind.UNAVAILABLE, "interrupted", "Interrupted", "the server is stopping");
        } finally {
            turns.computeIfPresent(owner, (key, current) -> current.leave());
        }
    }

    /** The items, as they are now, that some mutation of the batch did not (fully) stand on. */
    private List<ItemView> current(UserId owner, List<Mutation> mutations, List<Outcome> results) {
        LinkedHashSet<ItemId> ids = new LinkedHashSet<>();
        for (int i = 0; i < mutations.size(); i++) {
            if (!results.get(i).keptOut().isEmpty()) idOf(mutations.get(i)).ifPresent(ids::add);
        }
        List<ItemView> current = new ArrayList<>(ids.size());
        for (ItemId id : ids) items.findWithPhotos(owner, id).map(views::of).ifPresent(current::add);
        return current;
    }

    /**
     * What of {@code mutation} is not on {@code item} as it stands: the fields whose value differs
     * from the one sent (all of them if the item is deleted), or the delete if the item lives.
     */
    private static List<String> keptOut(Mutation mutation, Optional<Item> item) {
        if (mutation instanceof Mutation.Delete) {
            return item.isPresent() && !item.get().deleted() ? List.of(DELETED) : List.of();
        }
        if (!(mutation instanceof Mutation.Upsert upsert)) return List.of();
        List<String> out = new ArrayList<>();
        for (ItemField field : ItemField.values()) {
            Write<ItemValue> sent = upsert.fields().get(field);
            if (sent == null) continue;
            if (item.isEmpty() || item.get().deleted()
                    || !field.valueIn(item.get().details(), item.get().lifecycle()).equals(sent.value())) {
                out.add(field.wireName());
            }
        }
        return out;
    }

    /** Every part of a mutation that could not apply. */
    private static List<String> all(Mutation mutation) {
        if (mutation instanceof Mutation.Delete) return List.of(DELETED);
        if (mutation instanceof Mutation.Unreadable unreadable) return unreadable.sent();
        if (!(mutation instanceof Mutation.Upsert upsert)) return List.of();
        List<String> out = new ArrayList<>();
        for (ItemField field : ItemField.values()) if (upsert.fields().containsKey(field)) out.add(field.wireName());
        return out;
    }

    /** The name {@code keptOut} gives a delete that did not stand (pull's stamps name the tombstone so too). */
    public static final String DELETED = "deleted";

    /**
     * Ids run 1, 2, 3, … per device. One above the next expected means mutations are missing (a
     * batch overtook an earlier one): refused, so that nothing skipped is ever called a duplicate.
     */
    private void checkNoGap(UserId owner, DeviceId device, List<Mutation> mutations) {
        long last = devices.find(owner, device).map(DeviceSyncState::lastMutationId).orElse(0L);
        for (int i = 0; i < mutations.size(); i++) {
            if (mutations.get(i).mutationId() > last) {
                if (mutations.get(i).mutationId() != last + 1) throw gap(device, i, last);
                break;
            }
        }
    }

    private static UseCaseException gap(DeviceId device, int index, long last) {
        return new UseCaseException(Kind.CONFLICT, "mutation-gap", "Mutations missing",
                "device " + device + " has mutations up to " + last + " applied; push " + (last + 1) + " and the ones after it, in order")
                .withErrors(List.of(new FieldError("mutations[" + index + "].mutationId", "must be " + (last + 1)
                        + ": the next after the device's last applied mutation (GET /api/sync/last-sync)")));
    }

    /**
     * Locks in this order everywhere: the device's row (the claim), then the owner's (in the
     * writer). The claim records the mutation id with the write, in one statement, so a mutation
     * costs as few round trips as the write itself needs.
     */
    private Outcome apply(UserId owner, DeviceId device, Mutation mutation) {
        try {
            return transactions.inTransaction(() -> {
                if (!devices.claim(owner, device, mutation.mutationId(), clock.instant())) return duplicate(owner, mutation);
                return write(owner, device, mutation);
            });
        } catch (UseCaseException failure) {
            // Thrown from inside the write (an id someone else holds): the transaction rolled back;
            // record the mutation as processed in a new one so that it never blocks the queue.
            return transactions.inTransaction(() -> {
                if (!devices.claim(owner, device, mutation.mutationId(), clock.instant())) return duplicate(owner, mutation);
                return rejected(mutation, failure);
            });
        }
    }

    private Outcome write(UserId owner, DeviceId device, Mutation mutation) {
        if (mutation instanceof Mutation.Unreadable unreadable) return rejected(mutation, unreadable.problem());
        Optional<UseCaseException> foreign = foreignStamps(device, mutation);
        if (foreign.isPresent()) return rejected(mutation, foreign.get());
        Optional<UseCaseException> future = futureSale(mutation);
        if (future.isPresent()) return rejected(mutation, future.get());
        ItemId id = mutation instanceof Mutation.Upsert u ? u.id() : ((Mutation.Delete) mutation).id();
        Change<ItemField, ItemValue> change = received(device, mutation);
        ItemWriter.WriteResult<Outcome> result = writer.attempt(owner, device, id, current -> decide(owner, mutation, change, current));
        if (result instanceof ItemWriter.WriteResult.Refused<Outcome> refused) return rejected(mutation, refused.failure());
        return ((ItemWriter.WriteResult.Done<Outcome>) result).value();
    }

    private ItemEdit.Outcome<Outcome> decide(UserId owner, Mutation mutation, Change<ItemField, ItemValue> change,
                                             Optional<Item> current) {
        long mutationId = mutation.mutationId();
        if (current.isEmpty()) {
            if (change.delete().isPresent()) {
                // A delete of something the server never had (created and deleted offline): nothing to do.
                return ItemEdit.unchanged(new Outcome(mutationId, Status.APPLIED, 0, List.of(), Optional.empty(), List.of()));
            }
            Optional<UseCaseException> missing = missingForCreate(change);
            if (missing.isPresent()) return ItemEdit.refused(missing.get());
            ItemId id = ((Mutation.Upsert) mutation).id();
            return ItemEdit.changed(ChangeKind.CREATE, stamp -> ItemSync.create(id, owner, change.writes(), stamp.at(), stamp.version()),
                    item -> new Outcome(mutationId, Status.APPLIED, item.version(), List.of(), Optional.empty(),
                            keptOut(mutation, Optional.of(item))));
        }
        Item item = current.get();
        Instant now = clock.instant();
        ItemSync.Merged probe = ItemSync.merge(item, change, now, item.version() + 1);
        if (!probe.result().changed()) {
            // Merged before, or this device's own later writes stand (finding 7.19: said so, with keptOut).
            return ItemEdit.unchanged(new Outcome(mutationId, Status.APPLIED, item.version(), List.of(), Optional.empty(),
                    keptOut(mutation, current)));
        }
        Lifecycle before = item.lifecycle();
        Lifecycle after = probe.item().lifecycle();
        if (!item.deleted() && before.status() != after.status() && sawStatus(item, change)) {
            Transition transition = before.apply(before.towards(after.status(), now));
            if (transition instanceof Transition.Refused refused) {
                // Refused whole, and said so: none of the mutation's fields is written (finding 7.9).
                return ItemEdit.refused(new IllegalTransition(refused).withErrors(List.of(new FieldError(
                        "fields." + ItemField.LIFECYCLE.wireName() + ".value", refused.reason()
                                + " (the status this device last saw); nothing of this mutation was applied"))));
            }
        }
        boolean deletes = !item.deleted() && probe.item().deleted();
        if (deletes) {
            // The item's photos go with it, as with a delete through the REST API; their files once committed.
            List<ItemImage> removed = photos.detachAll(owner, item.id());
            transactions.afterCommit(() -> photos.discardFiles(removed));
        }
        ChangeKind kind = deletes ? ChangeKind.DELETE : ChangeKind.UPDATE;
        DeviceId device = change.device();
        return ItemEdit.changed(kind, stamp -> ItemSync.merge(item, change, stamp.at(), stamp.version()).item(), stored -> {
            List<RecordedConflict> stillOpen = settleMoot(owner, item, stored, !probe.result().conflicts().isEmpty());
            List<RecordedConflict> recorded = probe.result().conflicts().stream()
                    .filter(conflict -> !listedAlready(stillOpen, conflict))
                    .map(conflict -> new RecordedConflict(ids.next(ConflictId::new), owner, item.id(), stored.version(),
                            device, stored.updatedAt(), conflict, Optional.empty()))
                    .toList();
            recorded.forEach(conflicts::record);
            return new Outcome(mutationId, recorded.isEmpty() ? Status.APPLIED : Status.CONFLICT, stored.version(), recorded,
                    Optional.empty(), keptOut(mutation, Optional.of(stored)));
        });
    }

    /**
     * Finding 7.18: which conflicts stay listed must not depend on the order pushes arrive in.
     * A field conflict whose losing value the field holds again (a later write set it) lost
     * nothing: it is settled as {@code MOOT}. Read only when the write changed a value or records
     * a conflict. Returns the item's conflicts still open.
     */
    private List<RecordedConflict> settleMoot(UserId owner, Item before, Item stored, boolean recording) {
        if (!recording && !valuesChanged(before, stored)) return List.of();
        List<RecordedConflict> open = new ArrayList<>();
        for (RecordedConflict listed : conflicts.openFor(owner, stored.id())) {
            if (!stored.deleted() && listed.conflict() instanceof Conflict.FieldConflict<ItemField, ItemValue> f
                    && f.mootWhen(f.field().valueIn(stored.details(), stored.lifecycle()))) {
                conflicts.resolve(new RecordedConflict(listed.id(), listed.owner(), listed.item(), listed.version(), listed.device(),
                        listed.at(), listed.conflict(), Optional.of(new RecordedConflict.Resolution(stored.updatedAt(),
                        RecordedConflict.Choice.MOOT))));
            } else {
                open.add(listed);
            }
        }
        return open;
    }

    /**
     * The same losing value of the same field is listed once: which write of that value met the
     * merge first depends on the arrival order, what the user can take back does not (finding 7.18).
     */
    private static boolean listedAlready(List<RecordedConflict> open, Conflict<ItemField, ItemValue> conflict) {
        if (!(conflict instanceof Conflict.FieldConflict<ItemField, ItemValue> incoming)) return false;
        return open.stream().anyMatch(listed -> listed.conflict() instanceof Conflict.FieldConflict<ItemField, ItemValue> f
                && f.field() == incoming.field() && f.losingValue().equals(incoming.losingValue()));
    }

    private static boolean valuesChanged(Item before, Item after) {
        if (before.deleted() != after.deleted()) return true;
        for (ItemField field : ItemField.values()) {
            if (!field.valueIn(before.details(), before.lifecycle()).equals(field.valueIn(after.details(), after.lifecycle()))) return true;
        }
        return false;
    }

    /**
     * Whether the device had seen the status its write replaces: the status was last written at or
     * before the mutation's base version, or by this very device. Only then is its status change
     * checked as a transition from that status (a device that saw "sold" may not send "draft").
     * A status write concurrent with another device's status change (not seen) is merged by the
     * stamps like any field and the losing one recorded as a conflict: checking it against
     * whichever status happened to arrive first would make the outcome depend on arrival order
     * (finding 7.9).
     */
    private static boolean sawStatus(Item item, Change<ItemField, ItemValue> change) {
        Write<ItemValue> write = change.writes().get(ItemField.LIFECYCLE);
        FieldStamp current = item.stamps().get(ItemField.LIFECYCLE);
        return write == null || current.version() <= change.baseVersion() || current.stamp().device().equals(write.stamp().device());
    }

    /** The change as the merge takes it: stamps more than the allowed skew ahead of the server are clamped (rule 3). */
    private Change<ItemField, ItemValue> received(DeviceId device, Mutation mutation) {
        if (mutation instanceof Mutation.Delete delete) {
            return Change.deletion(device, delete.baseVersion(), hlc.receive(delete.stamp()), delete.stamp());
        }
        Mutation.Upsert upsert = (Mutation.Upsert) mutation;
        Map<ItemField, Write<ItemValue>> writes = new EnumMap<>(ItemField.class);
        upsert.fields().forEach((field, write) -> {
            Hlc stamp = hlc.receive(write.stamp());
            writes.put(field, new Write<>(clampedSale(write, stamp), stamp, write.stamp()));
        });
        return Change.edit(device, upsert.baseVersion(), writes);
    }

    /**
     * A bare "sold" is sold at its stamp's time; when the stamp was clamped (the device's clock
     * runs ahead), so is the sale, rather than recording a sale in the future.
     */
    private static ItemValue clampedSale(Write<ItemValue> write, Hlc received) {
        if (received.equals(write.stamp()) || !(write.value() instanceof ItemValue.Status status)) return write.value();
        Optional<Sale> sale = status.value().sale();
        if (sale.isEmpty() || sale.get().soldAt().toEpochMilli() != write.stamp().wallMillis()) return write.value();
        return new ItemValue.Status(Lifecycle.sold(new Sale(Instant.ofEpochMilli(received.wallMillis()), sale.get().soldPrice(),
                sale.get().channel())));
    }

    /** A sale time given in the future (beyond the clock skew allowed) is refused, as through the REST API. */
    private Optional<UseCaseException> futureSale(Mutation mutation) {
        if (!(mutation instanceof Mutation.Upsert upsert)) return Optional.empty();
        Write<ItemValue> write = upsert.fields().get(ItemField.LIFECYCLE);
        if (write == null || !(write.value() instanceof ItemValue.Status status)) return Optional.empty();
        Optional<Sale> sale = status.value().sale();
        if (sale.isEmpty() || sale.get().soldAt().toEpochMilli() == write.stamp().wallMillis()) return Optional.empty();
        if (!sale.get().soldAt().isAfter(clock.instant().plus(HybridLogicalClock.DEFAULT_MAX_SKEW))) return Optional.empty();
        return Optional.of(SyncProblems.invalid("fields." + ItemField.LIFECYCLE.wireName() + ".value.soldAt", "cannot be in the future"));
    }

    /** A device stamps its own writes: a stamp naming another device would break ties in its name. */
    private static Optional<UseCaseException> foreignStamps(DeviceId device, Mutation mutation) {
        List<FieldError> errors = new ArrayList<>();
        if (mutation instanceof Mutation.Delete delete && !delete.stamp().device().equals(device)) {
            errors.add(new FieldError("hlc", "must be stamped by device " + device));
        }
        if (mutation instanceof Mutation.Upsert upsert) {
            upsert.fields().forEach((field, write) -> {
                if (!write.stamp().device().equals(device)) {
                    errors.add(new FieldError("fields." + field.wireName() + ".hlc", "must be stamped by device " + device));
                }
            });
            if (upsert.fields().isEmpty()) errors.add(new FieldError("fields", "must name at least one field"));
        }
        if (errors.isEmpty()) return Optional.empty();
        return Optional.of(new UseCaseException(Kind.INVALID, "validation", "Invalid mutation", errors.get(0).field() + " "
                + errors.get(0).reason()).withErrors(errors));
    }

    private static Optional<UseCaseException> missingForCreate(Change<ItemField, ItemValue> change) {
        List<FieldError> errors = new ArrayList<>();
        if (!change.writes().containsKey(ItemField.TITLE)) errors.add(new FieldError("fields.title", "is required to create an item"));
        if (!change.writes().containsKey(ItemField.PRICE)) errors.add(new FieldError("fields.price", "is required to create an item"));
        if (errors.isEmpty()) return Optional.empty();
        return Optional.of(new UseCaseException(Kind.INVALID, "validation", "Invalid mutation",
                "a new item needs a title and a price").withErrors(errors));
    }

    /** A retry: what was answered first is not known here, so keptOut compares with the item as it is now. */
    private Outcome duplicate(UserId owner, Mutation mutation) {
        Optional<Item> item = idOf(mutation).flatMap(id -> items.find(owner, id));
        return new Outcome(mutation.mutationId(), Status.DUPLICATE, item.map(Item::version).orElse(0L), List.of(), Optional.empty(),
                item.isEmpty() ? List.of() : keptOut(mutation, item));
    }

    private static Optional<ItemId> idOf(Mutation mutation) {
        if (mutation instanceof Mutation.Upsert u) return Optional.of(u.id());
        if (mutation instanceof Mutation.Delete d) return Optional.of(d.id());
        if (mutation instanceof Mutation.Unreadable u) return u.id();
        return Optional.empty();
    }

    private static Outcome rejected(Mutation mutation, UseCaseException problem) {
        return new Outcome(mutation.mutationId(), Status.REJECTED, 0, List.of(), Optional.of(problem), all(mutation));
    }
}
