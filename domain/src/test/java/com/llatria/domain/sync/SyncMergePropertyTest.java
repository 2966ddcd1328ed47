package com.llatria.domain.sync;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property tests over random histories of concurrent changes. Each repetition uses its own seed,
 * printed on failure, so a failing history can be replayed exactly.
 */
class SyncMergePropertyTest {
    private static final List<String> FIELDS = List.of("title", "price", "condition", "sku");
    private static final List<String> VALUES = java.util.Arrays.asList("a", "b", "c", null);
    private static final long BASE_VERSION = 10;

    /** A random starting replica and a set of changes all made concurrently against it. */
    private record History(Replica<String, String> start, List<Change<String, String>> changes) {
    }

    private static History randomHistory(Random random) {
        Map<String, Register<String>> fields = new HashMap<>();
        for (String field : FIELDS) {
            if (random.nextInt(4) > 0) {
                fields.put(field, new Register<>(pick(random, VALUES), new Hlc(500 + random.nextInt(100), 0,
                        new DeviceId("origin")), 1 + random.nextInt((int) BASE_VERSION)));
            }
        }
        List<Change<String, String>> changes = new ArrayList<>();
        int devices = 2 + random.nextInt(4);
        for (int d = 0; d < devices; d++) {
            DeviceId device = new DeviceId("device-" + d);
            // Each device's clock only moves forward; devices' clocks overlap so ties and counters matter.
            long wall = 1_000 + random.nextInt(5);
            int counter = 0;
            int count = 1 + random.nextInt(3);
            for (int c = 0; c < count; c++) {
                if (random.nextInt(2) == 0) wall += random.nextInt(3);
                counter = random.nextInt(2) == 0 ? counter + 1 : 0;
                Hlc stamp = new Hlc(wall, counter, device);
                wall++;
                if (random.nextInt(8) == 0) {
                    changes.add(Change.deletion(device, BASE_VERSION, stamp));
                } else {
                    Map<String, Write<String>> writes = new HashMap<>();
                    for (String field : FIELDS) {
                        if (random.nextInt(2) == 0) writes.put(field, new Write<>(pick(random, VALUES), stamp));
                    }
                    if (writes.isEmpty()) writes.put(pick(random, FIELDS), new Write<>(pick(random, VALUES), stamp));
                    changes.add(Change.edit(device, BASE_VERSION, writes));
                }
            }
        }
        return new History(new Replica<>(fields, Optional.empty()), changes);
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private record Outcome(Replica<String, String> replica, List<Conflict<String, String>> conflicts) {
    }

    private static Outcome applyInOrder(Replica<String, String> start, List<Change<String, String>> changes) {
        Replica<String, String> replica = start;
        List<Conflict<String, String>> conflicts = new ArrayList<>();
        long version = BASE_VERSION;
        for (Change<String, String> change : changes) {
            MergeResult<String, String> result = SyncMerge.merge(replica, change, version + 1);
            if (result.changed()) version++;
            replica = result.replica();
            conflicts.addAll(result.conflicts());
        }
        return new Outcome(replica, conflicts);
    }

    /** What devices see: values, stamps and the tombstone; not the server's bookkeeping versions. */
    private static Map<String, Object> visible(Replica<String, String> replica) {
        Map<String, Object> view = new HashMap<>();
        replica.fields().forEach((field, register) -> view.put(field, java.util.Arrays.asList(register.value(), register.stamp())));
        view.put("<deleted>", replica.tombstone());
        return view;
    }

    @RepeatedTest(300)
    void replicas_that_apply_the_same_changes_in_any_order_converge(RepetitionInfo repetition) {
        long seed = 0xC0FFEE + repetition.getCurrentRepetition();
        Random random = new Random(seed);
        History history = randomHistory(random);

        Map<String, Object> expected = visible(applyInOrder(history.start(), history.changes()).replica());
        for (int i = 0; i < 10; i++) {
            List<Change<String, String>> shuffled = new ArrayList<>(history.changes());
            Collections.shuffle(shuffled, random);
            assertThat(visible(applyInOrder(history.start(), shuffled).replica()))
                    .as("seed %d, order %s", seed, shuffled).isEqualTo(expected);
        }
    }

    @RepeatedTest(300)
    void replaying_a_change_changes_nothing_and_records_nothing(RepetitionInfo repetition) {
        long seed = 0xBEEF + repetition.getCurrentRepetition();
        Random random = new Random(seed);
        History history = randomHistory(random);
        Replica<String, String> merged = applyInOrder(history.start(), interleave(history.changes(), random)).replica();

        List<Change<String, String>> replays = new ArrayList<>(history.changes());
        Collections.shuffle(replays, random);
        for (Change<String, String> change : replays) {
            MergeResult<String, String> replay = SyncMerge.merge(merged, change, 1_000);
            assertThat(replay.changed()).as("seed %d, change %s", seed, change).isFalse();
            assertThat(replay.conflicts()).as("seed %d, change %s recorded again", seed, change).isEmpty();
            assertThat(replay.replica()).isEqualTo(merged);
            // The same change sent again by a clock the server clamps: a new, later stamp, the same
            // stamps as sent (finding 7.12), deletes included. Still nothing changes and nothing is recorded.
            MergeResult<String, String> reclamped = SyncMerge.merge(merged, reclamped(change), 1_000);
            assertThat(reclamped.changed()).as("seed %d, re-clamped %s won again", seed, change).isFalse();
            assertThat(reclamped.conflicts()).as("seed %d, re-clamped %s recorded again", seed, change).isEmpty();
        }
    }

    /** The change as the server would take it when sent again and clamped to a later server reading. */
    private static Change<String, String> reclamped(Change<String, String> change) {
        Map<String, Write<String>> writes = new HashMap<>();
        change.writes().forEach((field, write) -> writes.put(field,
                new Write<>(write.value(), new Hlc(5_000, 0, write.stamp().device()), write.stamp())));
        Optional<Hlc> delete = change.delete().map(stamp -> new Hlc(5_000, 0, stamp.device()));
        return new Change<>(change.device(), change.baseVersion(), writes, delete, change.deleteSent());
    }

    @RepeatedTest(300)
    void no_concurrent_edit_disappears_without_a_conflict_record(RepetitionInfo repetition) {
        long seed = 0xFACE + repetition.getCurrentRepetition();
        Random random = new Random(seed);
        History history = randomHistory(random);
        List<Change<String, String>> order = interleave(history.changes(), random);

        Outcome outcome = applyInOrder(history.start(), order);

        for (Change<String, String> change : history.changes()) {
            change.writes().forEach((field, write) -> {
                boolean kept = Objects.equals(outcome.replica().value(field), write.value());
                boolean recorded = outcome.conflicts().stream().anyMatch(conflict -> mentions(conflict, field, write.value()));
                assertThat(kept || recorded || rewrittenByItsDevice(history, write, field))
                        .as("seed %d: %s=%s from %s neither kept nor recorded; conflicts %s",
                                seed, field, write.value(), write.stamp(), outcome.conflicts())
                        .isTrue();
            });
        }
        // A device saw its own earlier writes: they never conflict with its later ones (finding 7.2).
        for (Conflict<String, String> conflict : outcome.conflicts()) {
            if (conflict instanceof Conflict.FieldConflict<String, String> f) {
                assertThat(f.serverStamp().device()).as("seed %d: a device in conflict with itself: %s", seed, f)
                        .isNotEqualTo(f.incomingStamp().device());
            }
        }
    }

    /**
     * The value was replaced by a device that had written that very value itself (a later write
     * of that device to the field): it had seen it. Equal values never conflict, so this covers
     * another device's equal write too.
     */
    private static boolean rewrittenByItsDevice(History history, Write<String> write, String field) {
        List<Write<String>> writes = history.changes().stream().map(c -> c.writes().get(field)).filter(Objects::nonNull).toList();
        return writes.stream().filter(own -> Objects.equals(own.value(), write.value()))
                .anyMatch(own -> writes.stream().anyMatch(other -> other.stamp().device().equals(own.stamp().device())
                        && other.stamp().isAfter(own.stamp())));
    }

    /**
     * The changes of all devices interleaved at random, each device's own changes in the order it
     * made them: what push delivers (a device's mutations apply in mutation-id order).
     */
    private static List<Change<String, String>> interleave(List<Change<String, String>> changes, Random random) {
        Map<DeviceId, java.util.ArrayDeque<Change<String, String>>> byDevice = new java.util.LinkedHashMap<>();
        for (Change<String, String> change : changes) {
            byDevice.computeIfAbsent(change.device(), d -> new java.util.ArrayDeque<>()).add(change);
        }
        List<Change<String, String>> order = new ArrayList<>();
        List<DeviceId> devices = new ArrayList<>(byDevice.keySet());
        while (!devices.isEmpty()) {
            DeviceId device = devices.get(random.nextInt(devices.size()));
            order.add(byDevice.get(device).poll());
            if (byDevice.get(device).isEmpty()) devices.remove(device);
        }
        return order;
    }

    private static boolean mentions(Conflict<String, String> conflict, String field, Object value) {
        if (conflict instanceof Conflict.FieldConflict<String, String> f) {
            return f.field().equals(field) && (Objects.equals(f.serverValue(), value) || Objects.equals(f.incomingValue(), value));
        }
        Conflict.DeleteConflict<String, String> d = (Conflict.DeleteConflict<String, String>) conflict;
        Write<String> edit = d.edits().get(field);
        return edit != null && Objects.equals(edit.value(), value);
    }
}
