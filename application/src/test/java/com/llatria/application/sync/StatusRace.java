package com.llatria.application.sync;

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

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One seeded race of status changes (finding 7.9): an item in some status, two (or three) devices
 * that saw it there each change it offline to a status that is legal from what they saw, some with
 * other fields in the same mutation, clocks a little apart. The same mutations pushed in every
 * arrival order on fresh systems must end in one state, apply every mutation (none refused: each
 * was legal from what its device saw), record every status that lost as a conflict, and leave the
 * same losing values open for review (finding 7.18).
 */
final class StatusRace {
    private static final List<String> TITLES = List.of("Lamp (desk)", "Lamp (phone)", "Lamp (tablet)");

    private final long seed;
    private final Random random;

    StatusRace(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    private record Outcome(List<Object> state, List<SyncPush.Status> statuses, List<RecordedConflict> conflicts) {
    }

    List<String> run(Supplier<SyncSystem> systems) {
        ItemStatus start = ItemStatus.values()[random.nextInt(ItemStatus.values().length)];
        int deviceCount = 2 + random.nextInt(2);
        List<DeviceId> devices = new ArrayList<>();
        List<Map<ItemField, Write<ItemValue>>> writes = new ArrayList<>();
        for (int d = 0; d < deviceCount; d++) {
            DeviceId device = new DeviceId("dev-" + d);
            devices.add(device);
            Hlc stamp = new Hlc(1_000 + random.nextInt(3) * 1_000L, random.nextInt(2), device);
            Map<ItemField, Write<ItemValue>> fields = new EnumMap<>(ItemField.class);
            fields.put(ItemField.LIFECYCLE, new Write<>(new ItemValue.Status(legalFrom(start, stamp)), stamp));
            if (random.nextBoolean()) fields.put(ItemField.TITLE, new Write<>(new ItemValue.Title(TITLES.get(d)), stamp));
            writes.add(fields);
        }
        List<String> problems = new ArrayList<>();
        Outcome first = null;
        for (List<Integer> order : orders(deviceCount)) {
            Outcome outcome = play(systems.get(), start, devices, writes, order);
            if (outcome.statuses().contains(SyncPush.Status.REJECTED)) {
                problems.add("seed " + seed + " order " + order + ": a legal status change was refused: " + outcome.statuses());
            }
            for (int d = 0; d < deviceCount; d++) {
                Write<ItemValue> status = writes.get(d).get(ItemField.LIFECYCLE);
                ItemValue now = outcome.state().get(0) instanceof ItemValue v ? v : null;
                boolean recorded = outcome.conflicts().stream().anyMatch(c -> c.conflict() instanceof Conflict.FieldConflict<ItemField, ItemValue> f
                        && f.field() == ItemField.LIFECYCLE && (f.serverValue().equals(status.value()) || f.incomingValue().equals(status.value())));
                if (!status.value().equals(now) && !recorded) {
                    problems.add("seed " + seed + " order " + order + ": " + status.value() + " from " + devices.get(d) + " lost without a conflict");
                }
            }
            if (first == null) first = outcome;
            else if (!first.state().equals(outcome.state())) {
                problems.add("seed " + seed + " from " + start + ": arrival order " + order + " ends in " + outcome.state()
                        + ", the first order in " + first.state());
            } else if (!losers(first).equals(losers(outcome))) {
                // Finding 7.18: the open conflicts, too, are the same whatever the order.
                problems.add("seed " + seed + " from " + start + ": arrival order " + order + " lists " + losers(outcome)
                        + ", the first order " + losers(first));
            }
        }
        return problems;
    }

    /**
     * What the open conflicts offer to take back, field by field: the losing values, each as
     * often as it is listed. Which device's write of an equal value stands for it, and which side
     * was the server's, follow the arrival order; what the user can take back must not.
     */
    private static List<String> losers(Outcome outcome) {
        return outcome.conflicts().stream()
                .map(c -> c.conflict() instanceof Conflict.FieldConflict<ItemField, ItemValue> f
                        ? f.field() + "=" + f.losingValue() : c.conflict().toString())
                .sorted().toList();
    }

    private Lifecycle legalFrom(ItemStatus start, Hlc stamp) {
        return switch (start) {
            case DRAFT -> Lifecycle.of(ItemStatus.ACTIVE);
            case SOLD -> Lifecycle.of(ItemStatus.ACTIVE);
            case ACTIVE -> random.nextBoolean() ? Lifecycle.draft()
                    : Lifecycle.sold(new Sale(Instant.ofEpochMilli(stamp.wallMillis()).truncatedTo(ChronoUnit.MILLIS),
                    Optional.of(Money.usd(random.nextBoolean() ? "9.00" : "12.00")), Optional.empty()));
        };
    }

    private static List<List<Integer>> orders(int n) {
        List<List<Integer>> all = new ArrayList<>();
        permute(new ArrayList<>(), n, all);
        return all;
    }

    private static void permute(List<Integer> prefix, int n, List<List<Integer>> all) {
        if (prefix.size() == n) {
            all.add(List.copyOf(prefix));
            return;
        }
        for (int i = 0; i < n; i++) {
            if (prefix.contains(i)) continue;
            prefix.add(i);
            permute(prefix, n, all);
            prefix.remove(prefix.size() - 1);
        }
    }

    private static Outcome play(SyncSystem sync, ItemStatus start, List<DeviceId> devices,
                                List<Map<ItemField, Write<ItemValue>>> writes, List<Integer> order) {
        UserId owner = sync.user();
        ItemId id = new ItemId(UUID.randomUUID());
        DeviceId setup = new DeviceId("setup");
        Hlc zero = new Hlc(10, 0, setup);
        Map<ItemField, Write<ItemValue>> create = new EnumMap<>(ItemField.class);
        create.put(ItemField.TITLE, new Write<>(new ItemValue.Title("Lamp"), zero));
        create.put(ItemField.PRICE, new Write<>(new ItemValue.Price(Money.usd("20.00")), zero));
        long m = 1;
        sync.push.push(owner, setup, SyncProblems.SCHEMA_VERSION, List.of(new Mutation.Upsert(m++, id, 0, create)));
        List<ItemStatus> path = switch (start) {
            case DRAFT -> List.of();
            case ACTIVE -> List.of(ItemStatus.ACTIVE);
            case SOLD -> List.of(ItemStatus.ACTIVE, ItemStatus.SOLD);
        };
        for (ItemStatus step : path) {
            Hlc stamp = new Hlc(10 + m, 0, setup);
            Lifecycle lifecycle = step == ItemStatus.SOLD
                    ? Lifecycle.sold(new Sale(Instant.ofEpochMilli(stamp.wallMillis()), Optional.empty(), Optional.empty()))
                    : Lifecycle.of(step);
            long base = sync.persistence.items().find(owner, id).orElseThrow().version();
            sync.push.push(owner, setup, SyncProblems.SCHEMA_VERSION, List.of(new Mutation.Upsert(m++, id, base,
                    Map.of(ItemField.LIFECYCLE, new Write<>(new ItemValue.Status(lifecycle), stamp)))));
        }
        long seen = sync.persistence.items().find(owner, id).orElseThrow().version();
        List<SyncPush.Status> statuses = new ArrayList<>();
        for (int d : order) {
            sync.clock.advance(Duration.ofMillis(10));
            SyncPush.Result result = sync.push.push(owner, devices.get(d), SyncProblems.SCHEMA_VERSION,
                    List.of(new Mutation.Upsert(1, id, seen, writes.get(d))));
            statuses.add(result.results().get(0).status());
        }
        Item item = sync.persistence.items().find(owner, id).orElseThrow();
        List<Object> state = List.of(ItemField.LIFECYCLE.valueIn(item.details(), item.lifecycle()),
                ItemField.TITLE.valueIn(item.details(), item.lifecycle()));
        return new Outcome(state, statuses, sync.conflicts.open(owner, Optional.empty(), 100).conflicts());
    }
}
