package com.llatria.application.sync;

import com.llatria.adapters.persistence.testing.FreshPostgres;
import com.llatria.domain.fixtures.MutableClock;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemField;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemValue;
import com.llatria.domain.item.Money;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.Hlc;
import com.llatria.domain.sync.RecordedConflict;
import com.llatria.domain.sync.Write;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding 7.12 for deletes: a delete from a clock running ahead is clamped; sent again under a
 * new mutation id (a restored outbox) it must be recognised, not clamped anew into a later delete
 * that undoes a restore. In memory and on PostgreSQL (where the stamps as sent live in V22's column).
 */
class ResentDeleteTest {
    private static final DeviceId DESK = new DeviceId("desk");
    private static final DeviceId PHONE = new DeviceId("phone");
    private static final DeviceId SKEW = new DeviceId("skew");
    private static final long YEAR = Duration.ofDays(365).toMillis();

    @RegisterExtension
    final FreshPostgres db = new FreshPostgres();

    @Test
    void in_memory() {
        scenario(SyncSystem.inMemory());
    }

    @Test
    void on_postgresql() {
        scenario(new SyncSystem(db.persistence(), MutableClock.at("2026-11-25T10:00:00Z")));
    }

    private static Map<ItemField, Write<ItemValue>> fields(Hlc stamp, ItemValue... values) {
        Map<ItemField, Write<ItemValue>> fields = new EnumMap<>(ItemField.class);
        for (ItemValue value : values) fields.put(value.field(), new Write<>(value, stamp));
        return fields;
    }

    private static void scenario(SyncSystem sync) {
        UserId ann = sync.user();
        ItemId lamp = new ItemId(UUID.randomUUID());
        Hlc now = new Hlc(sync.clock.millis(), 0, DESK);
        sync.push.push(ann, DESK, 1, List.of(new Mutation.Upsert(1, lamp, 0, fields(now, new ItemValue.Title("Lamp"),
                new ItemValue.Price(Money.usd("20.00"))))));
        sync.clock.advance(Duration.ofSeconds(1));
        sync.push.push(ann, PHONE, 1, List.of(new Mutation.Upsert(1, lamp, 1, fields(new Hlc(sync.clock.millis(), 0, PHONE),
                new ItemValue.Title("Phone lamp")))));
        // A year ahead, the skewed device deletes the lamp it had at version 1: it had not seen the phone's edit.
        Hlc yearAhead = new Hlc(sync.clock.millis() + YEAR, 0, SKEW);
        SyncPush.Outcome delete = sync.push.push(ann, SKEW, 1, List.of(new Mutation.Delete(1, lamp, 1, yearAhead))).results().get(0);
        assertThat(delete.status()).isEqualTo(SyncPush.Status.CONFLICT);
        Item gone = sync.persistence.items().find(ann, lamp).orElseThrow();
        assertThat(gone.deleted()).isTrue();
        assertThat(gone.deletesSeen()).isEqualTo(Map.of(SKEW, yearAhead));

        // Sent again while the tombstone stands: nothing moves (the clamp would have given it a later stamp).
        sync.clock.advance(Duration.ofSeconds(5));
        SyncPush.Outcome onTombstone = sync.push.push(ann, SKEW, 1, List.of(new Mutation.Delete(2, lamp, 1, yearAhead))).results().get(0);
        assertThat(onTombstone.status()).isEqualTo(SyncPush.Status.APPLIED);
        assertThat(sync.persistence.items().find(ann, lamp).orElseThrow()).isEqualTo(gone);

        // The seller restores it; the same delete sent again under a new id must not delete it again.
        RecordedConflict conflict = sync.conflicts.open(ann, Optional.empty(), 10).conflicts().get(0);
        sync.conflicts.resolve(ann, DESK, conflict.id(), new SyncConflicts.Resolution(RecordedConflict.Choice.TAKE, Optional.empty()));
        Item restored = sync.persistence.items().find(ann, lamp).orElseThrow();
        assertThat(restored.deleted()).isFalse();
        assertThat(restored.deletesSeen()).isEqualTo(Map.of(SKEW, yearAhead));
        sync.clock.advance(Duration.ofSeconds(5));

        SyncPush.Result resent = sync.push.push(ann, SKEW, 1, List.of(new Mutation.Delete(3, lamp, 1, yearAhead)));

        assertThat(resent.results().get(0).status()).isEqualTo(SyncPush.Status.APPLIED);
        assertThat(resent.results().get(0).keptOut()).containsExactly(SyncPush.DELETED);
        assertThat(resent.current()).singleElement().satisfies(v -> assertThat(v.item().deleted()).isFalse());
        assertThat(sync.persistence.items().find(ann, lamp).orElseThrow()).isEqualTo(restored);
        assertThat(sync.conflicts.open(ann, Optional.empty(), 10).conflicts()).isEmpty();

        // A new delete of that device (its clock moved on) still deletes.
        Hlc later = new Hlc(yearAhead.wallMillis() + 20_000, 0, SKEW);
        SyncPush.Outcome again = sync.push.push(ann, SKEW, 1, List.of(new Mutation.Delete(4, lamp, restored.version(), later)))
                .results().get(0);
        assertThat(again.status()).isEqualTo(SyncPush.Status.APPLIED);
        assertThat(again.keptOut()).isEmpty();
        assertThat(sync.persistence.items().find(ann, lamp).orElseThrow().deleted()).isTrue();
    }
}
