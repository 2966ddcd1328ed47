package com.llatria.application.sync;

import com.llatria.application.UseCaseException;
import com.llatria.application.inventory.ItemPatch;
import com.llatria.application.inventory.ItemView;
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
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Push, pull and conflict review through the real use cases on the in-memory adapters. */
class SyncTest {
    private static final DeviceId DESK = new DeviceId("desk");
    private static final DeviceId PHONE = new DeviceId("phone");
    private final SyncSystem sync = SyncSystem.inMemory();
    private final UserId ann = sync.user();
    private final UserId bob = sync.user();
    private final ItemId lamp = new ItemId(UUID.randomUUID());

    private Hlc at(long offsetMillis, DeviceId device) {
        return new Hlc(sync.clock.millis() + offsetMillis, 0, device);
    }

    private static Map<ItemField, Write<ItemValue>> fields(Hlc stamp, ItemValue... values) {
        Map<ItemField, Write<ItemValue>> fields = new java.util.EnumMap<>(ItemField.class);
        for (ItemValue value : values) fields.put(value.field(), new Write<>(value, stamp));
        return fields;
    }

    private Mutation.Upsert create(long mutationId, DeviceId device, String title) {
        return new Mutation.Upsert(mutationId, lamp, 0, fields(at(0, device), new ItemValue.Title(title),
                new ItemValue.Price(Money.usd("20.00"))));
    }

    private SyncPush.Result push(DeviceId device, Mutation... mutations) {
        return sync.push.push(ann, device, SyncProblems.SCHEMA_VERSION, List.of(mutations));
    }

    private Item stored() {
        return sync.persistence.items().find(ann, lamp).orElseThrow();
    }

    @Test
    void a_pushed_create_is_stored_with_the_devices_stamps_and_pulled_by_the_other_device() {
        SyncPush.Result result = push(DESK, create(1, DESK, "Brass lamp"));

        assertThat(result.results()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(SyncPush.Status.APPLIED);
            assertThat(r.version()).isEqualTo(1);
        });
        assertThat(result.version()).isEqualTo(1);
        assertThat(stored().stamps().get(ItemField.TITLE).stamp()).isEqualTo(at(0, DESK));
        SyncPull.Page page = sync.pull.pull(ann, PHONE, 1, 0, 10);
        assertThat(page.changes()).extracting(v -> v.item().details().title()).containsExactly("Brass lamp");
        assertThat(page.cursor()).isEqualTo(1);
        assertThat(page.hasMore()).isFalse();
        assertThat(sync.published).singleElement().satisfies(e -> assertThat(e.device()).isEqualTo(DESK));
    }

    @Test
    void a_retried_batch_applies_nothing_twice() {
        push(DESK, create(1, DESK, "Brass lamp"),
                new Mutation.Upsert(2, lamp, 1, fields(at(5, DESK), new ItemValue.Title("Brass lamp, 1950s"))));

        SyncPush.Result retry = push(DESK, create(1, DESK, "Brass lamp"),
                new Mutation.Upsert(2, lamp, 1, fields(at(5, DESK), new ItemValue.Title("Brass lamp, 1950s"))),
                new Mutation.Upsert(3, lamp, 2, fields(at(9, DESK), new ItemValue.Price(Money.usd("25.00")))));

        assertThat(retry.results()).extracting(SyncPush.Outcome::status)
                .containsExactly(SyncPush.Status.DUPLICATE, SyncPush.Status.DUPLICATE, SyncPush.Status.APPLIED);
        assertThat(stored().version()).isEqualTo(3);
        assertThat(stored().details().title()).isEqualTo("Brass lamp, 1950s");
        assertThat(sync.pull.lastSync(ann, DESK)).isEqualTo(new SyncPull.LastSync(3, 3, 0));
    }

    @Test
    void a_concurrent_edit_that_loses_is_recorded_once_and_listed_for_review() {
        push(DESK, create(1, DESK, "Lamp"));
        push(PHONE, new Mutation.Upsert(1, lamp, 1, fields(at(10, PHONE), new ItemValue.Title("Phone lamp"))));

        SyncPush.Result late = push(DESK, new Mutation.Upsert(2, lamp, 1, fields(at(5, DESK), new ItemValue.Title("Desk lamp"))));
        push(DESK, new Mutation.Upsert(3, lamp, 1, fields(at(5, DESK), new ItemValue.Title("Desk lamp"))));

        assertThat(late.results().get(0).status()).isEqualTo(SyncPush.Status.CONFLICT);
        assertThat(stored().details().title()).isEqualTo("Phone lamp");
        List<RecordedConflict> open = sync.conflicts.open(ann, Optional.empty(), 10).conflicts();
        assertThat(open).singleElement().satisfies(c -> {
            Conflict.FieldConflict<ItemField, ItemValue> f = (Conflict.FieldConflict<ItemField, ItemValue>) c.conflict();
            assertThat(f.serverValue()).isEqualTo(new ItemValue.Title("Phone lamp"));
            assertThat(f.incomingValue()).isEqualTo(new ItemValue.Title("Desk lamp"));
            assertThat(f.incomingWon()).isFalse();
            assertThat(c.device()).isEqualTo(DESK);
        });
        assertThat(sync.conflicts.open(bob, Optional.empty(), 10).conflicts()).isEmpty();
    }

    @Test
    void a_conflict_resolved_by_taking_the_other_value_is_a_new_write_that_wins() {
        push(DESK, create(1, DESK, "Lamp"));
        push(PHONE, new Mutation.Upsert(1, lamp, 1, fields(at(60_000, PHONE), new ItemValue.Title("Phone lamp"))));
        push(DESK, new Mutation.Upsert(2, lamp, 1, fields(at(5, DESK), new ItemValue.Title("Desk lamp"))));
        RecordedConflict conflict = sync.conflicts.open(ann, Optional.empty(), 10).conflicts().get(0);

        SyncConflicts.Resolved resolved = sync.conflicts.resolve(ann, DESK, conflict.id(),
                new SyncConflicts.Resolution(RecordedConflict.Choice.TAKE, Optional.empty()));

        assertThat(resolved.item().item().details().title()).isEqualTo("Desk lamp");
        assertThat(resolved.item().item().version()).isEqualTo(4);
        assertThat(stored().stamps().get(ItemField.TITLE).stamp().isAfter(at(60_000, PHONE))).isTrue();
        assertThat(sync.conflicts.open(ann, Optional.empty(), 10).conflicts()).isEmpty();
        assertThatThrownBy(() -> sync.conflicts.resolve(ann, DESK, conflict.id(),
                new SyncConflicts.Resolution(RecordedConflict.Choice.KEEP, Optional.empty())))
                .isInstanceOf(UseCaseException.class).hasMessageContaining("resolved");
        assertThatThrownBy(() -> sync.conflicts.resolve(bob, DESK, conflict.id(),
                new SyncConflicts.Resolution(RecordedConflict.Choice.KEEP, Optional.empty())))
                .isInstanceOf(UseCaseException.class).extracting(e -> ((UseCaseException) e).kind())
                .isEqualTo(UseCaseException.Kind.NOT_FOUND);
    }

    @Test
    void a_delete_that_meets_an_edit_it_had_not_seen_keeps_the_edit_for_restoring() {
        push(DESK, create(1, DESK, "Lamp"));
        push(PHONE, new Mutation.Upsert(1, lamp, 1, fields(at(5, PHONE), new ItemValue.Price(Money.usd("30.00")))));

        SyncPush.Result deleted = push(DESK, new Mutation.Delete(2, lamp, 1, at(10, DESK)));

        assertThat(deleted.results().get(0).status()).isEqualTo(SyncPush.Status.CONFLICT);
        assertThat(stored().deleted()).isTrue();
        SyncPull.Page page = sync.pull.pull(ann, PHONE, 1, 2, 10);
        assertThat(page.changes()).singleElement().satisfies(v -> assertThat(v.item().deleted()).isTrue());

        RecordedConflict conflict = sync.conflicts.open(ann, Optional.empty(), 10).conflicts().get(0);
        ItemView restored = sync.conflicts.resolve(ann, PHONE, conflict.id(),
                new SyncConflicts.Resolution(RecordedConflict.Choice.TAKE, Optional.empty())).item();
        assertThat(restored.item().deleted()).isFalse();
        assertThat(restored.item().details().price()).isEqualTo(Money.usd("30.00"));
    }

    @Test
    void a_mutation_that_can_never_apply_is_rejected_and_does_not_block_the_queue() {
        UseCaseException unreadable = SyncProblems.invalid("fields.price.value", "must be a price");
        SyncPush.Result result = push(DESK,
                new Mutation.Unreadable(1, unreadable),
                new Mutation.Upsert(2, lamp, 0, fields(at(0, DESK), new ItemValue.Title("No price"))),
                new Mutation.Upsert(3, lamp, 0, fields(at(0, PHONE), new ItemValue.Title("Someone else's stamp"),
                        new ItemValue.Price(Money.usd("1.00")))),
                create(4, DESK, "Lamp"),
                new Mutation.Upsert(5, lamp, 1, fields(at(5, DESK),
                        new ItemValue.Status(Lifecycle.sold(new Sale(sync.clock.instant(), Optional.empty(), Optional.empty()))))),
                new Mutation.Upsert(6, lamp, 1, fields(at(6, DESK), new ItemValue.ConditionValue(Optional.of(Condition.USED)))));

        assertThat(result.results()).extracting(SyncPush.Outcome::status).containsExactly(SyncPush.Status.REJECTED,
                SyncPush.Status.REJECTED, SyncPush.Status.REJECTED, SyncPush.Status.APPLIED, SyncPush.Status.REJECTED,
                SyncPush.Status.APPLIED);
        assertThat(result.results().get(0).problem()).contains(unreadable);
        assertThat(result.results().get(1).problem().orElseThrow().errors()).extracting(e -> e.field()).containsExactly("fields.price");
        assertThat(result.results().get(4).problem().orElseThrow().type()).isEqualTo("illegal-transition");
        assertThat(stored().status()).isEqualTo(ItemStatus.DRAFT);
        assertThat(stored().details().condition()).contains(Condition.USED);
        assertThat(sync.pull.lastSync(ann, DESK).lastMutationId()).isEqualTo(6);
    }

    @Test
    void another_users_id_is_rejected_without_saying_whose_it_is() {
        sync.push.push(bob, DESK, 1, List.of(create(1, DESK, "Bob's lamp")));

        SyncPush.Result result = push(DESK, create(1, DESK, "Ann's lamp"));

        assertThat(result.results().get(0).status()).isEqualTo(SyncPush.Status.REJECTED);
        assertThat(result.results().get(0).problem().orElseThrow().detail()).doesNotContain("Bob").doesNotContain(bob.toString());
        assertThat(sync.pull.lastSync(ann, DESK).lastMutationId()).isEqualTo(1);
        assertThat(sync.persistence.items().find(bob, lamp).orElseThrow().details().title()).isEqualTo("Bob's lamp");
    }

    @Test
    void a_stamp_far_in_the_future_is_clamped_so_a_wrong_clock_does_not_win_for_a_year() {
        push(DESK, create(1, DESK, "Lamp"));
        push(PHONE, new Mutation.Upsert(1, lamp, 1, fields(at(Duration.ofDays(365).toMillis(), PHONE), new ItemValue.Title("Future"))));
        sync.clock.advance(Duration.ofMinutes(5));

        push(DESK, new Mutation.Upsert(2, lamp, 2, fields(at(0, DESK), new ItemValue.Title("Now"))));

        assertThat(stored().details().title()).isEqualTo("Now");
    }

    @Test
    void pull_pages_through_in_version_order_and_says_when_there_is_more() {
        for (int i = 1; i <= 5; i++) {
            ItemId id = new ItemId(UUID.randomUUID());
            sync.push.push(ann, DESK, 1, List.of(new Mutation.Upsert(i, id, 0,
                    fields(at(i, DESK), new ItemValue.Title("Item " + i), new ItemValue.Price(Money.usd("1.00"))))));
        }
        List<String> titles = new ArrayList<>();
        long cursor = 0;
        boolean more = true;
        int pages = 0;
        while (more) {
            SyncPull.Page page = sync.pull.pull(ann, PHONE, 1, cursor, 2);
            page.changes().forEach(v -> titles.add(v.item().details().title()));
            cursor = page.cursor();
            more = page.hasMore();
            pages++;
        }
        assertThat(titles).containsExactly("Item 1", "Item 2", "Item 3", "Item 4", "Item 5");
        assertThat(pages).isEqualTo(3);
        assertThat(sync.pull.lastSync(ann, PHONE).lastPullCursor()).isEqualTo(5);
        assertThat(sync.pull.pull(bob, PHONE, 1, 0, 10).changes()).isEmpty();
    }

    @Test
    void a_cursor_past_purged_tombstones_or_ahead_of_the_server_needs_a_reset() {
        push(DESK, create(1, DESK, "Lamp"), new Mutation.Delete(2, lamp, 1, at(5, DESK)));
        sync.clock.advance(Duration.ofDays(40));
        sync.persistence.syncFeed().purgeTombstones(sync.clock.instant().minus(Duration.ofDays(30)), 100);

        assertThatThrownBy(() -> sync.pull.pull(ann, PHONE, 1, 1, 10))
                .isInstanceOf(UseCaseException.class).extracting(e -> ((UseCaseException) e).type()).isEqualTo("reset-required");
        assertThatThrownBy(() -> sync.pull.pull(ann, PHONE, 1, 99, 10))
                .isInstanceOf(UseCaseException.class).extracting(e -> ((UseCaseException) e).type()).isEqualTo("reset-required");
        assertThat(sync.pull.pull(ann, PHONE, 1, 0, 10).changes()).isEmpty();
        assertThat(sync.pull.pull(ann, PHONE, 1, 2, 10).changes()).isEmpty();
    }

    @Test
    void the_purge_takes_tombstones_older_than_the_retention_only() {
        ItemId vase = new ItemId(UUID.randomUUID());
        push(DESK, create(1, DESK, "Lamp"), new Mutation.Delete(2, lamp, 1, at(5, DESK)));
        sync.clock.advance(Duration.ofDays(20));
        push(DESK, new Mutation.Upsert(3, vase, 0, fields(at(0, DESK), new ItemValue.Title("Vase"), new ItemValue.Price(Money.usd("5")))),
                new Mutation.Delete(4, vase, 3, at(5, DESK)));
        TombstonePurge purge = new TombstonePurge(sync.persistence.syncFeed(), sync.clock, Duration.ofDays(30));

        assertThat(purge.run()).as("nothing is 30 days old yet").isZero();
        sync.clock.advance(Duration.ofDays(15));
        assertThat(purge.run()).isEqualTo(1);
        assertThat(purge.run()).isZero();

        assertThat(sync.persistence.items().find(ann, lamp)).isEmpty();
        assertThatThrownBy(() -> sync.pull.pull(ann, PHONE, 1, 1, 10))
                .isInstanceOf(UseCaseException.class).extracting(e -> ((UseCaseException) e).type()).isEqualTo("reset-required");
        assertThat(sync.pull.pull(ann, PHONE, 1, 2, 10).changes()).extracting(v -> v.item().id()).containsExactly(vase);
    }

    @Test
    void one_users_clock_ahead_never_dates_another_users_writes() {
        ItemId bobs = new ItemId(UUID.randomUUID());
        DeviceId bobPhone = new DeviceId("bob-phone");
        // Ann's device runs 59 s ahead: within the allowed skew, so its stamps are kept as they are.
        push(DESK, new Mutation.Upsert(1, lamp, 0, fields(at(59_000, DESK), new ItemValue.Title("Lamp"), new ItemValue.Price(Money.usd("5")))));
        sync.push.push(bob, bobPhone, 1, List.of(new Mutation.Upsert(1, bobs, 0,
                fields(new Hlc(sync.clock.millis(), 0, bobPhone), new ItemValue.Title("Vase"), new ItemValue.Price(Money.usd("5"))))));
        ItemPatch retitle = new ItemPatch(new ItemPatch.Field.Set<>("Vase (web)"), ItemPatch.Field.keep(), ItemPatch.Field.keep(),
                ItemPatch.Field.keep(), ItemPatch.Field.keep(), ItemPatch.Field.keep(), ItemPatch.Field.keep(), ItemPatch.Field.keep(),
                ItemPatch.Field.keep(), ItemPatch.Field.keep(), ItemPatch.Field.keep());
        long seen = sync.inventory.patch(bob, new DeviceId("web"), bobs, retitle, Optional.empty()).item().version();
        sync.clock.advance(Duration.ofSeconds(2));

        SyncPush.Result later = sync.push.push(bob, bobPhone, 1, List.of(new Mutation.Upsert(2, bobs, seen,
                fields(new Hlc(sync.clock.millis(), 0, bobPhone), new ItemValue.Title("Vase (phone)")))));

        assertThat(later.results().get(0).status()).isEqualTo(SyncPush.Status.APPLIED);
        assertThat(sync.persistence.items().find(bob, bobs).orElseThrow().details().title()).isEqualTo("Vase (phone)");
    }

    @Test
    void an_unknown_schema_version_applies_nothing_and_tells_the_client_to_upgrade() {
        assertThatThrownBy(() -> sync.push.push(ann, DESK, 0, List.of(create(1, DESK, "Lamp"))))
                .isInstanceOf(UseCaseException.class).hasMessageContaining("update the app");
        assertThatThrownBy(() -> sync.pull.pull(ann, DESK, 2, 0, 10))
                .isInstanceOf(UseCaseException.class).extracting(e -> ((UseCaseException) e).type()).isEqualTo("unsupported-schema");
        assertThat(sync.persistence.items().find(ann, lamp)).isEmpty();
    }

    @Test
    void a_batch_over_the_limit_or_out_of_order_is_refused_whole() {
        List<Mutation> many = new ArrayList<>();
        for (int i = 1; i <= SyncPush.MAX_MUTATIONS + 1; i++) many.add(new Mutation.Delete(i, lamp, 0, at(i, DESK)));
        assertThatThrownBy(() -> sync.push.push(ann, DESK, 1, many)).isInstanceOf(UseCaseException.class)
                .extracting(e -> ((UseCaseException) e).kind()).isEqualTo(UseCaseException.Kind.TOO_LARGE);
        assertThatThrownBy(() -> push(DESK, create(1, DESK, "Lamp"), new Mutation.Delete(1, lamp, 1, at(1, DESK))))
                .isInstanceOf(UseCaseException.class).hasMessageContaining("mutations[1].mutationId");
        assertThatThrownBy(() -> push(DESK, create(1, DESK, "Lamp"), new Mutation.Delete(3, lamp, 1, at(1, DESK))))
                .isInstanceOf(UseCaseException.class).hasMessageContaining("mutations[1].mutationId");
        assertThat(sync.pull.lastSync(ann, DESK).lastMutationId()).isZero();
    }

    @Test
    void a_mutation_that_overtakes_an_earlier_one_is_refused_never_called_a_duplicate() {
        ItemId vase = new ItemId(UUID.randomUUID());
        Mutation first = create(1, DESK, "Lamp");
        Mutation second = new Mutation.Upsert(2, vase, 0, fields(at(1, DESK), new ItemValue.Title("Vase"), new ItemValue.Price(Money.usd("5"))));

        assertThatThrownBy(() -> push(DESK, second)).isInstanceOf(UseCaseException.class)
                .satisfies(e -> assertThat(((UseCaseException) e).type()).isEqualTo("mutation-gap"))
                .satisfies(e -> assertThat(((UseCaseException) e).kind()).isEqualTo(UseCaseException.Kind.CONFLICT));
        assertThat(push(DESK, first).results()).extracting(SyncPush.Outcome::status).containsExactly(SyncPush.Status.APPLIED);
        assertThat(push(DESK, second).results()).extracting(SyncPush.Outcome::status).containsExactly(SyncPush.Status.APPLIED);
        assertThat(sync.persistence.items().find(ann, vase)).isPresent();
        assertThatThrownBy(() -> push(DESK, new Mutation.Delete(Long.MAX_VALUE, vase, 2, at(9, DESK))))
                .isInstanceOf(UseCaseException.class).hasMessageContaining("push 3");
        assertThat(sync.pull.lastSync(ann, DESK).lastMutationId()).isEqualTo(2);
    }

    private static <T> ItemPatch.Field<T> keep() {
        return ItemPatch.Field.keep();
    }

    @Test
    void a_rest_write_and_a_pushed_write_to_the_same_field_resolve_by_the_same_stamps() {
        push(DESK, create(1, DESK, "Lamp"));
        sync.inventory.patch(ann, new DeviceId("web"), lamp,
                new ItemPatch(new ItemPatch.Field.Set<>("Web lamp"), keep(), keep(), keep(), keep(), keep(), keep(), keep(), keep(), keep(), keep()),
                Optional.empty());

        push(PHONE, new Mutation.Upsert(1, lamp, 1, fields(at(-1000, PHONE), new ItemValue.Title("Old phone lamp"))));

        assertThat(stored().details().title()).isEqualTo("Web lamp");
        assertThat(sync.conflicts.open(ann, Optional.empty(), 10).conflicts()).hasSize(1);
    }

    private List<RecordedConflict> openConflicts() {
        return sync.conflicts.open(ann, Optional.empty(), 50).conflicts();
    }

    @Test
    void a_devices_own_earlier_writes_are_never_a_conflict_against_itself() {
        // Finding 7.2: offline create, typo fix, then two price edits, all with the base the device had (0).
        SyncPush.Result offline = push(PHONE, new Mutation.Upsert(1, lamp, 0, fields(at(0, PHONE), new ItemValue.Title("Lamp"),
                        new ItemValue.Price(Money.usd("20.00")))),
                new Mutation.Upsert(2, lamp, 0, fields(at(1000, PHONE), new ItemValue.Title("Brass lamp"))),
                new Mutation.Upsert(3, lamp, 0, fields(at(2000, PHONE), new ItemValue.Price(Money.usd("25.00")))),
                new Mutation.Upsert(4, lamp, 0, fields(at(3000, PHONE), new ItemValue.Price(Money.usd("22.00")))));

        assertThat(offline.results()).extracting(SyncPush.Outcome::status).containsOnly(SyncPush.Status.APPLIED);
        assertThat(stored().details().title()).isEqualTo("Brass lamp");
        assertThat(stored().details().price()).isEqualTo(Money.usd("22.00"));
        assertThat(openConflicts()).isEmpty();

        // Created and deleted offline: the delete saw everything the device itself wrote.
        ItemId vase = new ItemId(UUID.randomUUID());
        SyncPush.Result gone = push(PHONE, new Mutation.Upsert(5, vase, 0, fields(at(4000, PHONE), new ItemValue.Title("Vase"),
                new ItemValue.Price(Money.usd("5.00")))), new Mutation.Delete(6, vase, 0, at(5000, PHONE)));
        assertThat(gone.results()).extracting(SyncPush.Outcome::status).containsOnly(SyncPush.Status.APPLIED);
        assertThat(openConflicts()).isEmpty();

        // Another device's unseen write still conflicts, also when the phone's own write came after it.
        push(DESK, new Mutation.Upsert(1, lamp, 1, fields(at(6000, DESK), new ItemValue.Title("Desk lamp"))));
        assertThat(push(PHONE, new Mutation.Upsert(7, lamp, 4, fields(at(7000, PHONE), new ItemValue.Title("Phone lamp"))))
                .results().get(0).status()).isEqualTo(SyncPush.Status.CONFLICT);
    }

    @Test
    void a_clamped_change_sent_again_under_a_new_mutation_id_does_not_win_again() {
        // Finding 7.12: a device a year ahead; its stamp is clamped; a later honest edit; then the same change again.
        DeviceId skewed = new DeviceId("skew");
        push(DESK, create(1, DESK, "Lamp"));
        sync.clock.advance(Duration.ofSeconds(1));
        Hlc yearAhead = at(Duration.ofDays(365).toMillis(), skewed);
        Mutation.Upsert fromSkewed = new Mutation.Upsert(1, lamp, 1, fields(yearAhead, new ItemValue.Title("From skewed")));
        assertThat(push(skewed, fromSkewed).results().get(0).status()).isEqualTo(SyncPush.Status.APPLIED);
        sync.clock.advance(Duration.ofSeconds(5));
        push(PHONE, new Mutation.Upsert(1, lamp, 2, fields(at(0, PHONE), new ItemValue.Title("Honest later"))));
        sync.clock.advance(Duration.ofSeconds(5));
        long before = stored().version();

        SyncPush.Result replay = push(skewed, new Mutation.Upsert(2, lamp, 1, fields(yearAhead, new ItemValue.Title("From skewed"))));

        assertThat(replay.results()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(SyncPush.Status.APPLIED);
            assertThat(r.conflicts()).isEmpty();
        });
        assertThat(stored().details().title()).isEqualTo("Honest later");
        assertThat(stored().version()).isEqualTo(before);
        assertThat(openConflicts()).isEmpty();
    }

    @Test
    void a_sale_and_a_concurrent_return_to_draft_end_the_same_in_either_order_and_the_loser_is_recorded() {
        // Finding 7.9, as the attacker ran it: A sells, B (same base) returns to draft and retitles with a later stamp.
        List<Object> ends = new ArrayList<>();
        for (boolean saleFirst : List.of(true, false)) {
            SyncSystem system = SyncSystem.inMemory();
            UserId owner = system.user();
            system.push.push(owner, DESK, 1, List.of(new Mutation.Upsert(1, lamp, 0, fields(new Hlc(system.clock.millis(), 0, DESK),
                    new ItemValue.Title("Lamp"), new ItemValue.Price(Money.usd("20.00")), new ItemValue.Status(Lifecycle.of(ItemStatus.ACTIVE))))));
            long base = system.persistence.items().find(owner, lamp).orElseThrow().version();
            Hlc saleStamp = new Hlc(system.clock.millis() + 1000, 0, DESK);
            Mutation sale = new Mutation.Upsert(2, lamp, base, fields(saleStamp, new ItemValue.Status(Lifecycle.sold(
                    new Sale(java.time.Instant.ofEpochMilli(saleStamp.wallMillis()), Optional.of(Money.usd("9.00")), Optional.empty())))));
            Mutation draft = new Mutation.Upsert(1, lamp, base, fields(new Hlc(system.clock.millis() + 2000, 0, PHONE),
                    new ItemValue.Status(Lifecycle.draft()), new ItemValue.Title("Lamp (edited on B)")));
            List<SyncPush.Status> statuses = new ArrayList<>();
            if (saleFirst) {
                statuses.add(system.push.push(owner, DESK, 1, List.of(sale)).results().get(0).status());
                statuses.add(system.push.push(owner, PHONE, 1, List.of(draft)).results().get(0).status());
            } else {
                statuses.add(system.push.push(owner, PHONE, 1, List.of(draft)).results().get(0).status());
                statuses.add(system.push.push(owner, DESK, 1, List.of(sale)).results().get(0).status());
            }
            assertThat(statuses).doesNotContain(SyncPush.Status.REJECTED).contains(SyncPush.Status.CONFLICT);
            Item item = system.persistence.items().find(owner, lamp).orElseThrow();
            ends.add(List.of(item.lifecycle(), item.details().title()));
            assertThat(system.conflicts.open(owner, Optional.empty(), 10).conflicts()).singleElement()
                    .satisfies(c -> assertThat(((Conflict.FieldConflict<ItemField, ItemValue>) c.conflict()).field()).isEqualTo(ItemField.LIFECYCLE));
        }
        assertThat(ends.get(0)).isEqualTo(ends.get(1)).isEqualTo(List.of(Lifecycle.draft(), "Lamp (edited on B)"));
    }

    @Test
    void a_status_change_illegal_from_the_status_the_device_saw_is_refused_whole_and_says_so() {
        push(DESK, new Mutation.Upsert(1, lamp, 0, fields(at(0, DESK), new ItemValue.Title("Lamp"), new ItemValue.Price(Money.usd("20.00")),
                new ItemValue.Status(Lifecycle.sold(new Sale(sync.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                        Optional.empty(), Optional.empty()))))));
        long seen = stored().version();

        SyncPush.Result result = push(PHONE, new Mutation.Upsert(1, lamp, seen, fields(at(1000, PHONE),
                new ItemValue.Status(Lifecycle.draft()), new ItemValue.Title("Phone lamp"))));

        assertThat(result.results()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(SyncPush.Status.REJECTED);
            assertThat(r.problem().orElseThrow().type()).isEqualTo("illegal-transition");
            assertThat(r.problem().orElseThrow().errors()).singleElement().satisfies(e -> {
                assertThat(e.field()).isEqualTo("fields.status.value");
                assertThat(e.reason()).contains("sold to draft").contains("nothing of this mutation was applied");
            });
        });
        assertThat(stored().details().title()).isEqualTo("Lamp");
        assertThat(stored().version()).isEqualTo(seen);
    }

    /**
     * A client as docs/sync.md tells it to be: its copy of the lamp comes from pull, an edit goes
     * into the copy at once (optimistic) and into the queue; the push answer's {@code current}
     * replaces the copy when its version is at or above the copy's.
     */
    private final class Client {
        final DeviceId device;
        Item copy;

        Client(DeviceId device) {
            this.device = device;
        }

        void pull() {
            for (ItemView view : sync.pull.pull(ann, device, 1, 0, 100).changes()) {
                if (view.item().id().equals(lamp)) copy = view.item();
            }
        }

        SyncPush.Outcome edit(Mutation.Upsert mutation) {
            com.llatria.domain.item.ItemDetails details = copy.details();
            Lifecycle lifecycle = copy.lifecycle();
            for (Write<ItemValue> write : mutation.fields().values()) {
                details = write.value().applyTo(details);
                if (write.value() instanceof ItemValue.Status status) lifecycle = status.value();
            }
            copy = new Item(copy.id(), copy.owner(), details, lifecycle, copy.createdAt(), copy.updatedAt(), copy.version(),
                    copy.deletion(), copy.stamps(), copy.restored());
            SyncPush.Result result = sync.push.push(ann, device, 1, List.of(mutation));
            for (ItemView view : result.current()) {
                if (view.item().id().equals(lamp) && view.item().version() >= copy.version()) copy = view.item();
            }
            return result.results().get(0);
        }

        boolean agreesWithServer() {
            Item server = stored();
            return copy.details().equals(server.details()) && copy.lifecycle().equals(server.lifecycle())
                    && copy.version() == server.version();
        }
    }

    @Test
    void a_change_the_server_keeps_out_comes_back_with_the_item_as_it_stands_so_the_device_converges() {
        // Finding 7.19 (a): the phone's clock went back below its own earlier stamp (an app restarted without its HLC).
        Client phone = new Client(PHONE);
        push(PHONE, create(1, PHONE, "Lamp"));
        phone.pull();
        SyncPush.Outcome behind = phone.edit(new Mutation.Upsert(2, lamp, 1, fields(at(-5000, PHONE),
                new ItemValue.Title("Newer edit, older stamp"))));
        assertThat(behind.status()).isEqualTo(SyncPush.Status.APPLIED);
        assertThat(behind.keptOut()).containsExactly("title");
        assertThat(stored().details().title()).isEqualTo("Lamp");
        assertThat(phone.agreesWithServer()).isTrue();

        // (b) the same stamp again with another value: kept out, and said so.
        SyncPush.Outcome reused = phone.edit(new Mutation.Upsert(3, lamp, 1, fields(at(0, PHONE),
                new ItemValue.Title("Same stamp, other value"), new ItemValue.Description("new note"))));
        assertThat(reused.keptOut()).containsExactly("title");
        assertThat(stored().details().description()).isEqualTo("new note");
        assertThat(phone.agreesWithServer()).isTrue();

        // (c) a rejected mutation: nothing of it applied; the answer brings the item back as it is.
        push(DESK, new Mutation.Upsert(1, lamp, stored().version(), fields(at(1000, DESK), new ItemValue.Status(Lifecycle.of(ItemStatus.ACTIVE)))));
        push(DESK, new Mutation.Upsert(2, lamp, stored().version(), fields(at(2000, DESK), new ItemValue.Status(Lifecycle.sold(
                new Sale(java.time.Instant.ofEpochMilli(at(2000, DESK).wallMillis()), Optional.empty(), Optional.empty()))))));
        phone.pull();
        SyncPush.Outcome refused = phone.edit(new Mutation.Upsert(4, lamp, stored().version(), fields(at(3000, PHONE),
                new ItemValue.Status(Lifecycle.draft()), new ItemValue.Price(Money.usd("99.00")))));
        assertThat(refused.status()).isEqualTo(SyncPush.Status.REJECTED);
        assertThat(refused.keptOut()).containsExactly("price", "status");
        assertThat(phone.agreesWithServer()).isTrue();

        // What stands brings nothing back; a conflict the device lost does.
        SyncPush.Result stands = push(PHONE, new Mutation.Upsert(5, lamp, stored().version(), fields(at(4000, PHONE),
                new ItemValue.Title("Phone title"))));
        assertThat(stands.results().get(0).keptOut()).isEmpty();
        assertThat(stands.current()).isEmpty();
        SyncPush.Result lost = push(DESK, new Mutation.Upsert(3, lamp, 1, fields(at(3500, DESK), new ItemValue.Title("Desk title"))));
        assertThat(lost.results().get(0).status()).isEqualTo(SyncPush.Status.CONFLICT);
        assertThat(lost.results().get(0).keptOut()).containsExactly("title");
        assertThat(lost.current()).singleElement().satisfies(v -> assertThat(v.item().details().title()).isEqualTo("Phone title"));
    }

    @Test
    void a_batch_brings_each_item_it_kept_something_out_of_once_in_its_state_after_the_batch() {
        push(PHONE, create(1, PHONE, "Lamp"));
        List<Mutation> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(new Mutation.Upsert(2 + i, lamp, 1, fields(at(-1000 - i, PHONE), new ItemValue.Title("Behind " + i))));
        }
        batch.add(new Mutation.Upsert(52, lamp, 1, fields(at(1000, PHONE), new ItemValue.Description("last"))));
        SyncPush.Result result = sync.push.push(ann, PHONE, 1, batch);

        assertThat(result.results()).hasSize(51);
        assertThat(result.results().subList(0, 50)).allSatisfy(r -> assertThat(r.keptOut()).containsExactly("title"));
        assertThat(result.current()).singleElement().satisfies(v -> assertThat(v.item().details().description()).isEqualTo("last"));
    }

    @Test
    void three_devices_racing_on_the_status_leave_the_same_conflicts_open_in_every_arrival_order() {
        // Finding 7.18 as the attacker ran it: from active, B sells (t+2 s), C and A return to draft (t+1 s, t+3 s).
        DeviceId a = new DeviceId("a");
        DeviceId b = new DeviceId("b");
        DeviceId c = new DeviceId("c");
        List<List<DeviceId>> orders = List.of(List.of(a, b, c), List.of(a, c, b), List.of(b, a, c), List.of(b, c, a),
                List.of(c, a, b), List.of(c, b, a));
        List<Object> outcomes = new ArrayList<>();
        for (List<DeviceId> order : orders) {
            SyncSystem system = SyncSystem.inMemory();
            UserId owner = system.user();
            long t = system.clock.millis();
            system.push.push(owner, DESK, 1, List.of(new Mutation.Upsert(1, lamp, 0, fields(new Hlc(t, 0, DESK),
                    new ItemValue.Title("Lamp"), new ItemValue.Price(Money.usd("20.00")), new ItemValue.Status(Lifecycle.of(ItemStatus.ACTIVE))))));
            Map<DeviceId, ItemValue> statuses = Map.of(
                    a, new ItemValue.Status(Lifecycle.draft()),
                    b, new ItemValue.Status(Lifecycle.sold(new Sale(java.time.Instant.ofEpochMilli(t + 2000), Optional.empty(), Optional.empty()))),
                    c, new ItemValue.Status(Lifecycle.draft()));
            Map<DeviceId, Long> offsets = Map.of(a, 3000L, b, 2000L, c, 1000L);
            for (DeviceId device : order) {
                system.push.push(owner, device, 1, List.of(new Mutation.Upsert(1, lamp, 1,
                        fields(new Hlc(t + offsets.get(device), 0, device), statuses.get(device)))));
            }
            Item item = system.persistence.items().find(owner, lamp).orElseThrow();
            List<Object> open = system.conflicts.open(owner, Optional.empty(), 10).conflicts().stream()
                    .map(x -> (Object) ((Conflict.FieldConflict<ItemField, ItemValue>) x.conflict()).losingValue()).toList();
            outcomes.add(List.of(item.lifecycle(), open));
        }
        assertThat(outcomes).as("order %s", orders).containsOnly(List.of(Lifecycle.draft(),
                List.of(new ItemValue.Status(Lifecycle.sold(new Sale(java.time.Instant.ofEpochMilli(sync.clock.millis() + 2000),
                        Optional.empty(), Optional.empty()))))));
    }
}
