package com.llatria.application.sync;

import com.llatria.application.UseCaseException;
import com.llatria.application.inventory.ItemPatch;
import com.llatria.application.inventory.ItemView;
import com.llatria.application.inventory.MoneyInput;
import com.llatria.domain.item.Condition;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemField;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemStatus;
import com.llatria.domain.item.ItemValue;
import com.llatria.domain.item.Lifecycle;
import com.llatria.domain.item.Money;
import com.llatria.domain.item.Sale;
import com.llatria.domain.sync.Conflict;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.Hlc;
import com.llatria.domain.sync.RecordedConflict;
import com.llatria.domain.sync.Write;
import com.llatria.domain.user.UserId;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * One seeded run of several offline devices of one seller against the real use cases: devices
 * edit and delete while offline, with clocks up to a year wrong either way; they push late, in
 * batches, lose acknowledgements and resend, replay old batches; a web client writes in between
 * through the REST use cases, and the seller resolves conflicts (restoring deleted items among
 * them). At the end every device pushes what it has and pulls to the end,
 * and {@link #check()} says what went wrong, if anything: the same seed replays the same run.
 */
final class SyncSimulation {
    private static final long YEAR = Duration.ofDays(365).toMillis();
    private static final DeviceId WEB = new DeviceId("web");
    private static final List<String> TITLES = List.of("Lamp", "Brass lamp", "Desk lamp", "Vintage lamp", "Lamp (boxed)");
    private static final List<String> PRICES = List.of("10.00", "12.50", "20.00", "7.00");

    private final SyncSystem sync;
    private final Random random;
    private final long seed;
    private final UserId owner;
    private final List<Device> devices = new ArrayList<>();
    private final List<ItemId> ids = new ArrayList<>();
    /** Every write the server applied (pushed or through REST), with the version it was applied at. */
    private final List<Applied> applied = new ArrayList<>();
    private final Map<ItemId, Long> restDeletes = new HashMap<>();
    /** Items brought back by resolving a delete conflict, with the restore's stamp. */
    private final List<Restore> restores = new ArrayList<>();
    /** Conflicts the seller resolved: reviewed, so what they carried was not lost silently. */
    private final List<RecordedConflict> resolved = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final boolean tracing = Boolean.getBoolean("sync.simulation.trace");
    private final List<String> trace = new ArrayList<>();

    private void trace(String line) {
        if (tracing) trace.add(line);
    }

    /** {@code mutationId}: the device's mutation that wrote it (0 for the web client). */
    private record Applied(ItemId item, ItemField field, ItemValue value, DeviceId device, long version, long baseVersion,
                           long mutationId) {
    }

    private record Pending(Mutation mutation) {
    }

    private record Restore(ItemId item, Hlc stamp, long version) {
    }

    /** A device: its own clock (skewed), its copy of the data, its queue of unpushed mutations. */
    private final class Device {
        final DeviceId id;
        final long skew;
        long lastWall;
        int counter;
        long nextMutationId = 1;
        long cursor;
        final Map<ItemId, Item> local = new HashMap<>();
        final Set<ItemId> createdLocally = new HashSet<>();
        final List<Mutation> queue = new ArrayList<>();
        final List<List<Mutation>> sentBatches = new ArrayList<>();
        final Map<Long, SyncPush.Status> processed = new HashMap<>();

        Device(DeviceId id, long skew) {
            this.id = id;
            this.skew = skew;
        }

        Hlc tick() {
            long physical = Math.max(0, sync.clock.millis() + skew);
            if (physical > lastWall) {
                lastWall = physical;
                counter = 0;
            } else {
                counter++;
            }
            return new Hlc(lastWall, counter, id);
        }

        long base(ItemId item) {
            Item copy = local.get(item);
            return copy == null ? 0 : copy.version();
        }
    }

    SyncSimulation(SyncSystem sync, long seed) {
        this.sync = sync;
        this.seed = seed;
        this.random = new Random(seed);
        this.owner = sync.user();
        int deviceCount = 2 + random.nextInt(3);
        for (int d = 0; d < deviceCount; d++) {
            long skew = switch (random.nextInt(4)) {
                case 0 -> random.nextLong(YEAR);
                case 1 -> -random.nextLong(YEAR);
                default -> random.nextInt(2_000) - 1_000;
            };
            devices.add(new Device(new DeviceId("dev-" + d), skew));
        }
        int itemCount = 2 + random.nextInt(4);
        for (int i = 0; i < itemCount; i++) ids.add(new ItemId(new UUID(random.nextLong(), random.nextLong())));
    }

    /** Runs the history and the final sync; returns the problems found (empty: all properties hold). */
    List<String> run(int steps) {
        for (int step = 0; step < steps; step++) {
            sync.clock.advance(Duration.ofMillis(random.nextInt(5_000)));
            Device device = devices.get(random.nextInt(devices.size()));
            int action = random.nextInt(100);
            if (action < 45) edit(device);
            else if (action < 52) delete(device);
            else if (action < 70) push(device);
            else if (action < 85) pull(device);
            else if (action < 92) restWrite();
            else if (action < 96) resolve();
            else if (action < 98) replayOldBatch(device);
            else resendUnderNewId(device);
        }
        for (Device device : devices) {
            int guard = 0;
            while (!device.queue.isEmpty() && guard++ < 100) push(device);
        }
        for (Device device : devices) pullToEnd(device);
        check();
        return problems;
    }

    private Map<ItemField, Write<ItemValue>> randomFields(Hlc stamp, boolean creating) {
        Map<ItemField, Write<ItemValue>> fields = new EnumMap<>(ItemField.class);
        if (creating || random.nextInt(3) == 0) fields.put(ItemField.TITLE, new Write<>(new ItemValue.Title(pick(TITLES)), stamp));
        if (creating || random.nextInt(3) == 0) fields.put(ItemField.PRICE, new Write<>(new ItemValue.Price(Money.usd(pick(PRICES))), stamp));
        if (random.nextInt(4) == 0) {
            fields.put(ItemField.CONDITION, new Write<>(new ItemValue.ConditionValue(
                    random.nextBoolean() ? Optional.empty() : Optional.of(pick(List.of(Condition.values())))), stamp));
        }
        if (random.nextInt(5) == 0) fields.put(ItemField.SKU, new Write<>(new ItemValue.Sku(Optional.of("SKU-" + random.nextInt(5))), stamp));
        if (random.nextInt(5) == 0) fields.put(ItemField.LIFECYCLE, new Write<>(new ItemValue.Status(lifecycle(stamp)), stamp));
        if (fields.isEmpty()) fields.put(ItemField.DESCRIPTION, new Write<>(new ItemValue.Description("note " + random.nextInt(9)), stamp));
        return fields;
    }

    private Lifecycle lifecycle(Hlc stamp) {
        return switch (random.nextInt(3)) {
            case 0 -> Lifecycle.draft();
            case 1 -> Lifecycle.of(ItemStatus.ACTIVE);
            default -> Lifecycle.sold(new Sale(Instant.ofEpochMilli(stamp.wallMillis()).truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                    Optional.of(Money.usd(pick(PRICES))), Optional.empty()));
        };
    }

    private void edit(Device device) {
        ItemId item = pick(ids);
        boolean known = device.local.containsKey(item) || device.createdLocally.contains(item);
        Hlc stamp = device.tick();
        device.createdLocally.add(item);
        Mutation.Upsert upsert = new Mutation.Upsert(device.nextMutationId++, item, device.base(item), randomFields(stamp, !known));
        device.queue.add(upsert);
        // The app shows its edit at once (optimistic); the push answer's current corrects it if it does not stand (7.19).
        Item copy = device.local.get(item);
        if (copy != null && !copy.deleted()) {
            com.llatria.domain.item.ItemDetails details = copy.details();
            Lifecycle lifecycle = copy.lifecycle();
            for (Write<ItemValue> write : upsert.fields().values()) {
                details = write.value().applyTo(details);
                if (write.value() instanceof ItemValue.Status status) lifecycle = status.value();
            }
            device.local.put(item, new Item(copy.id(), copy.owner(), details, lifecycle, copy.createdAt(), copy.updatedAt(),
                    copy.version(), copy.deletion(), copy.stamps(), copy.restored(), copy.deletesSeen()));
        }
    }

    private void delete(Device device) {
        if (device.local.isEmpty()) return;
        ItemId item = pick(new ArrayList<>(device.local.keySet()));
        Hlc stamp = device.tick();
        device.queue.add(new Mutation.Delete(device.nextMutationId++, item, device.base(item), stamp));
        Item copy = device.local.get(item);
        if (!copy.deleted()) device.local.put(item, copy.delete(stamp, sync.clock.instant(), copy.version()));
    }

    /**
     * What docs/sync.md tells a client to do with a push answer's {@code current}: take each item
     * whose version is at or above its copy's. Off with {@code -Dsync.simulation.ignoreCurrent}
     * (the client of finding 7.19, which relied on pull alone).
     */
    private void takeCurrent(Device device, SyncPush.Result result) {
        if (Boolean.getBoolean("sync.simulation.ignoreCurrent")) return;
        for (ItemView view : result.current()) {
            Item copy = device.local.get(view.item().id());
            if (copy == null || view.item().version() >= copy.version()) {
                device.local.put(view.item().id(), view.item());
                device.createdLocally.remove(view.item().id());
            }
        }
    }

    private void push(Device device) {
        if (device.queue.isEmpty()) return;
        int size = 1 + random.nextInt(Math.min(device.queue.size(), 6));
        List<Mutation> batch = List.copyOf(device.queue.subList(0, size));
        SyncPush.Result result = sync.push.push(owner, device.id, SyncProblems.SCHEMA_VERSION, batch);
        device.sentBatches.add(batch);
        record(device, batch, result);
        // Sometimes the answer is lost on the way back: the device keeps the batch and sends it again later.
        if (random.nextInt(5) != 0) {
            device.queue.subList(0, size).clear();
            takeCurrent(device, result);
        }
    }

    private void replayOldBatch(Device device) {
        if (device.sentBatches.isEmpty()) return;
        List<Mutation> batch = pick(device.sentBatches);
        SyncPush.Result result = sync.push.push(owner, device.id, SyncProblems.SCHEMA_VERSION, batch);
        record(device, batch, result);
        takeCurrent(device, result);
    }

    /**
     * The device sends one of its applied changes again under a new mutation id (a restored outbox,
     * finding 7.12), deletes included: whatever its clock, it must change nothing and record
     * nothing, as the server has merged those very stamps before (a delete even when the item was
     * restored since).
     */
    private void resendUnderNewId(Device device) {
        if (!device.queue.isEmpty()) return;
        List<Mutation> done = device.sentBatches.stream().flatMap(List::stream)
                .filter(m -> m instanceof Mutation.Upsert || m instanceof Mutation.Delete)
                .filter(m -> device.processed.get(m.mutationId()) == SyncPush.Status.APPLIED
                        || device.processed.get(m.mutationId()) == SyncPush.Status.CONFLICT)
                .toList();
        if (done.isEmpty()) return;
        // Deletes are few among the changes; half the resends take one when there is one.
        List<Mutation> deletes = done.stream().filter(m -> m instanceof Mutation.Delete).toList();
        Mutation old = !deletes.isEmpty() && random.nextBoolean() ? pick(deletes) : pick(done);
        Mutation again = old instanceof Mutation.Upsert u
                ? new Mutation.Upsert(device.nextMutationId++, u.id(), u.baseVersion(), u.fields())
                : new Mutation.Delete(device.nextMutationId++, ((Mutation.Delete) old).id(), ((Mutation.Delete) old).baseVersion(),
                        ((Mutation.Delete) old).stamp());
        ItemId id = old instanceof Mutation.Upsert u ? u.id() : ((Mutation.Delete) old).id();
        Optional<Item> before = sync.persistence.items().find(owner, id);
        SyncPush.Result result = sync.push.push(owner, device.id, SyncProblems.SCHEMA_VERSION, List.of(again));
        device.sentBatches.add(List.of(again));
        SyncPush.Outcome outcome = result.results().get(0);
        device.processed.put(again.mutationId(), outcome.status());
        takeCurrent(device, result);
        trace(device.id + " m" + again.mutationId() + " resends m" + old.mutationId() + " -> " + outcome.status());
        Optional<Item> after = sync.persistence.items().find(owner, id);
        if (outcome.status() != SyncPush.Status.APPLIED || !outcome.conflicts().isEmpty()
                || !before.map(Item::version).equals(after.map(Item::version))) {
            problems.add(device.id + " resent m" + old.mutationId() + " as m" + again.mutationId() + " and it counted again: "
                    + outcome.status() + ", " + outcome.conflicts().size() + " conflicts, version " + before.map(Item::version)
                    + " -> " + after.map(Item::version));
        }
    }

    private void record(Device device, List<Mutation> batch, SyncPush.Result result) {
        for (int i = 0; i < batch.size(); i++) {
            Mutation mutation = batch.get(i);
            SyncPush.Outcome outcome = result.results().get(i);
            if (outcome.mutationId() != mutation.mutationId()) problems.add("result out of order for " + mutation);
            if (outcome.status() == SyncPush.Status.DUPLICATE) {
                if (!device.processed.containsKey(mutation.mutationId())) problems.add(device.id + " mutation " + mutation.mutationId() + " called duplicate but never processed");
                continue;
            }
            trace(device.id + " m" + mutation.mutationId() + " " + mutation + " -> " + outcome.status() + " v" + outcome.version()
                    + " conflicts " + outcome.conflicts().size() + outcome.problem().map(p -> " " + p.getMessage()).orElse(""));
            SyncPush.Status before = device.processed.put(mutation.mutationId(), outcome.status());
            if (before != null) problems.add(device.id + " mutation " + mutation.mutationId() + " processed twice: " + before + " then " + outcome.status());
            if (mutation instanceof Mutation.Upsert upsert && outcome.status() != SyncPush.Status.REJECTED && outcome.version() > 0) {
                upsert.fields().forEach((field, write) -> applied.add(new Applied(upsert.id(), field, asTaken(write), device.id,
                        outcome.version(), upsert.baseVersion(), upsert.mutationId())));
            }
        }
    }

    /** The value as the server takes it: a bare sale from a clock more than a minute ahead is sold at the server's time. */
    private ItemValue asTaken(Write<ItemValue> write) {
        if (!(write.value() instanceof ItemValue.Status status) || status.value().sale().isEmpty()) return write.value();
        if (write.stamp().wallMillis() - sync.clock.millis() <= 60_000) return write.value();
        Sale sale = status.value().sale().get();
        return new ItemValue.Status(Lifecycle.sold(new Sale(Instant.ofEpochMilli(sync.clock.millis()), sale.soldPrice(), sale.channel())));
    }

    private void pull(Device device) {
        SyncPull.Page page = sync.pull.pull(owner, device.id, SyncProblems.SCHEMA_VERSION, device.cursor, 1 + random.nextInt(4));
        apply(device, page);
    }

    private void pullToEnd(Device device) {
        boolean more = true;
        while (more) {
            SyncPull.Page page = sync.pull.pull(owner, device.id, SyncProblems.SCHEMA_VERSION, device.cursor, 3);
            apply(device, page);
            more = page.hasMore();
        }
    }

    private void apply(Device device, SyncPull.Page page) {
        long previous = device.cursor;
        for (ItemView view : page.changes()) {
            if (view.item().version() <= previous) problems.add("pull returned version " + view.item().version() + " after cursor " + previous);
            device.local.put(view.item().id(), view.item());
            device.createdLocally.remove(view.item().id());
        }
        device.cursor = page.cursor();
    }

    private void restWrite() {
        ItemId item = pick(ids);
        try {
            if (random.nextInt(4) == 0) {
                sync.inventory.delete(owner, WEB, item);
                sync.persistence.items().find(owner, item).ifPresent(gone -> restDeletes.put(item, gone.version()));
                trace("web delete " + item + " -> " + restDeletes.get(item));
                return;
            }
            boolean title = random.nextBoolean();
            ItemPatch patch = new ItemPatch(title ? set(pick(TITLES)) : keep(), keep(),
                    title ? keep() : set(new MoneyInput(new BigDecimal(pick(PRICES)), null)), keep(), keep(), keep(), keep(), keep(), keep(), keep(), keep());
            long before = sync.persistence.items().find(owner, item).map(Item::version).orElse(0L);
            ItemView after = sync.inventory.patch(owner, WEB, item, patch, Optional.empty());
            trace("web patch " + item + " " + (title ? "title" : "price") + " -> v" + after.item().version());
            if (after.item().version() > before) {
                // A plain REST write has seen everything before it (it is last-writer-wins by design).
                ItemField field = title ? ItemField.TITLE : ItemField.PRICE;
                applied.add(new Applied(item, field, field.valueIn(after.item().details(), after.item().lifecycle()), WEB,
                        after.item().version(), after.item().version() - 1, 0));
            }
        } catch (UseCaseException notThere) {
            // the web client raced a delete, or the item does not exist yet: an ordinary 404
        }
    }

    /** The seller settles an open conflict: keeps what is there, or takes the other value (restoring a deleted item). */
    private void resolve() {
        List<RecordedConflict> open = sync.conflicts.open(owner, Optional.empty(), 50).conflicts();
        if (open.isEmpty()) return;
        RecordedConflict conflict = pick(open);
        boolean deleteConflict = conflict.conflict() instanceof Conflict.DeleteConflict;
        RecordedConflict.Choice choice = random.nextInt(4) == 0 ? RecordedConflict.Choice.KEEP : RecordedConflict.Choice.TAKE;
        long before = sync.persistence.items().find(owner, conflict.item()).map(Item::version).orElse(0L);
        SyncConflicts.Resolved done;
        try {
            done = sync.conflicts.resolve(owner, WEB, conflict.id(), new SyncConflicts.Resolution(choice, Optional.empty()));
        } catch (UseCaseException refused) {
            // deleted meanwhile, an illegal status change, purged: the conflict stays open
            return;
        }
        resolved.add(done.conflict());
        Item after = done.item().item();
        trace("web resolve " + conflict.item() + " " + (deleteConflict ? "delete" : "field") + " " + choice + " -> v" + after.version()
                + after.restored().map(stamp -> " restored at " + stamp).orElse(""));
        if (after.version() <= before) return;
        if (deleteConflict && choice == RecordedConflict.Choice.TAKE) {
            restores.add(new Restore(after.id(), after.restored().orElseThrow(), after.version()));
        }
        // The resolution is written by the seller, who saw everything (like a plain REST write).
        for (ItemField field : ItemField.values()) {
            if (after.stamps().get(field).version() == after.version()) {
                applied.add(new Applied(after.id(), field, field.valueIn(after.details(), after.lifecycle()), WEB, after.version(),
                        after.version() - 1, 0));
            }
        }
    }

    private static <T> ItemPatch.Field<T> keep() {
        return ItemPatch.Field.keep();
    }

    private static <T> ItemPatch.Field<T> set(T value) {
        return new ItemPatch.Field.Set<>(value);
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private void check() {
        Map<ItemId, Item> server = new LinkedHashMap<>();
        for (ItemId id : ids) sync.persistence.items().find(owner, id).ifPresent(item -> server.put(id, item));
        for (Device device : devices) {
            if (!device.local.keySet().equals(server.keySet())) {
                problems.add(device.id + " holds " + device.local.keySet() + ", the server " + server.keySet());
            }
            server.forEach((id, item) -> {
                Item copy = device.local.get(id);
                if (copy == null || !visible(copy).equals(visible(item))) {
                    problems.add(device.id + " differs on " + id + ": " + (copy == null ? null : visible(copy)) + " vs " + visible(item));
                }
            });
            long last = sync.pull.lastSync(owner, device.id).lastMutationId();
            long expected = device.nextMutationId - 1;
            if (last != expected && !(expected == 0 && last == 0)) problems.add(device.id + " last mutation " + last + ", expected " + expected);
            for (long m = 1; m < device.nextMutationId; m++) {
                if (!device.processed.containsKey(m)) problems.add(device.id + " mutation " + m + " never processed");
            }
        }
        List<RecordedConflict> conflicts = new ArrayList<>();
        Optional<com.llatria.domain.sync.ConflictCursor> after = Optional.empty();
        while (true) {
            SyncConflicts.Page page = sync.conflicts.open(owner, after, 200);
            conflicts.addAll(page.conflicts());
            if (page.next().isEmpty()) break;
            after = page.next();
        }
        conflicts.addAll(resolved);
        // A device saw its own earlier writes: never a conflict against itself (finding 7.2).
        for (RecordedConflict c : conflicts) {
            if (c.conflict() instanceof Conflict.FieldConflict<ItemField, ItemValue> f
                    && f.serverStamp().device().equals(f.incomingStamp().device())) {
                problems.add("a device in conflict with its own write: " + f);
            }
            if (c.conflict() instanceof Conflict.DeleteConflict<ItemField, ItemValue> d && devices.stream().anyMatch(dev ->
                    dev.id.equals(d.deleteStamp().device()) && d.edits().values().stream().allMatch(e -> e.stamp().device().equals(dev.id))
                            && d.edits().values().stream().allMatch(e -> d.deleteStamp().isAfter(e.stamp())))) {
                problems.add("a device's delete in conflict with its own earlier edits: " + d);
            }
        }
        for (Restore restore : restores) {
            Item item = server.get(restore.item());
            if (item != null && item.deleted() && !item.deletion().get().stamp().isAfter(restore.stamp())) {
                problems.add("a delete older than a restore undid it: restored at " + restore.stamp() + " (v" + restore.version()
                        + "), deleted with " + item.deletion().get().stamp());
            }
        }
        for (Applied write : applied) {
            Item item = server.get(write.item());
            if (item == null) continue;
            ItemValue now = write.field().valueIn(item.details(), item.lifecycle());
            boolean kept = now.equals(write.value()) && (!item.deleted() || deleteSawValue(item, write.field()));
            if (kept || seenLater(write, item) || mentioned(conflicts, write)) continue;
            problems.add("lost without a conflict record: " + write + "; item now " + visible(item));
        }
    }

    /** A deleted item keeps its last values; the delete saw this one if it was there at the delete's base version. */
    private boolean deleteSawValue(Item item, ItemField field) {
        long valueVersion = item.stamps().get(field).version();
        boolean byDevice = devices.stream().flatMap(d -> d.sentBatches.stream()).flatMap(List::stream)
                .anyMatch(m -> m instanceof Mutation.Delete del && del.id().equals(item.id()) && del.baseVersion() >= valueVersion);
        return byDevice || restDeletes.getOrDefault(item.id(), 0L) > valueVersion;
    }

    /** Overwritten by a writer that had seen it (base version at or after it), by the web client, or deleted by a delete that had seen it. */
    private boolean seenLater(Applied write, Item item) {
        // A write that lost to an equal value lives on as that value: what matters is who saw the value.
        long since = applied.stream().filter(other -> other.item().equals(write.item()) && other.field() == write.field()
                && other.value().equals(write.value()) && other.version() <= write.version())
                .mapToLong(Applied::version).min().orElse(write.version());
        boolean bySeenWrite = applied.stream().anyMatch(other -> other.item().equals(write.item()) && other.field() == write.field()
                && other.version() > write.version() && other.baseVersion() >= since);
        boolean deletedAfter = item.deleted() && devices.stream().flatMap(d -> d.sentBatches.stream()).flatMap(List::stream)
                .anyMatch(m -> m instanceof Mutation.Delete del && del.id().equals(write.item()) && del.baseVersion() >= write.version());
        boolean deletedByWeb = item.deleted() && restDeletes.getOrDefault(write.item(), 0L) > write.version();
        // Replaced or deleted later by a device that had written this very value itself (its own write: seen).
        boolean byItsDevice = applied.stream().filter(own -> own.item().equals(write.item()) && own.field() == write.field()
                && own.value().equals(write.value()) && own.mutationId() > 0).anyMatch(own ->
                applied.stream().anyMatch(other -> other.item().equals(write.item()) && other.field() == write.field()
                        && other.device().equals(own.device()) && other.mutationId() > own.mutationId())
                || item.deleted() && devices.stream().filter(d -> d.id.equals(own.device())).flatMap(d -> d.sentBatches.stream())
                        .flatMap(List::stream).anyMatch(m -> m instanceof Mutation.Delete del && del.id().equals(write.item())
                                && del.mutationId() > own.mutationId()));
        return bySeenWrite || deletedAfter || deletedByWeb || byItsDevice;
    }

    private static boolean mentioned(List<RecordedConflict> conflicts, Applied write) {
        return conflicts.stream().filter(c -> c.item().equals(write.item())).anyMatch(c -> {
            if (c.conflict() instanceof Conflict.FieldConflict<ItemField, ItemValue> f) {
                return f.field() == write.field() && (sameWrite(f.serverValue(), f.serverStamp(), write)
                        || sameWrite(f.incomingValue(), f.incomingStamp(), write));
            }
            Write<ItemValue> edit = ((Conflict.DeleteConflict<ItemField, ItemValue>) c.conflict()).edits().get(write.field());
            return edit != null && sameWrite(edit.value(), edit.stamp(), write);
        });
    }

    /** The value is what must not vanish: an equal value written by another device and recorded counts. */
    private static boolean sameWrite(ItemValue value, Hlc stamp, Applied write) {
        return Objects.equals(value, write.value());
    }

    /** What a device shows: every field's value, deleted or not, and the version. */
    private static List<Object> visible(Item item) {
        List<Object> view = new ArrayList<>();
        for (ItemField field : ItemField.values()) view.add(field.valueIn(item.details(), item.lifecycle()));
        view.add(item.deleted());
        view.add(item.version());
        return view;
    }

    String describe() {
        if (tracing) {
            trace.forEach(System.out::println);
            System.out.println("skews: " + devices.stream().map(d -> d.id + "=" + d.skew).toList());
        }
        return "seed " + seed + " (replay: -Dsync.simulation.seed=" + seed + ")";
    }
}
