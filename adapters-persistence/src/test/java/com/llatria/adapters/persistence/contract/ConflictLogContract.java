package com.llatria.adapters.persistence.contract;

import com.llatria.domain.item.Condition;
import com.llatria.domain.item.ItemField;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemValue;
import com.llatria.domain.item.Lifecycle;
import com.llatria.domain.item.Money;
import com.llatria.domain.item.Sale;
import com.llatria.domain.item.SalesChannel;
import com.llatria.domain.sync.Conflict;
import com.llatria.domain.sync.ConflictCursor;
import com.llatria.domain.sync.ConflictId;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.Hlc;
import com.llatria.domain.sync.RecordedConflict;
import com.llatria.domain.sync.Write;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

public abstract class ConflictLogContract extends PersistenceContract {
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final DeviceId PHONE = new DeviceId("phone");
    private static final DeviceId DESK = new DeviceId("desk");

    private static RecordedConflict conflict(UserId owner, long version, Conflict<ItemField, ItemValue> conflict) {
        return new RecordedConflict(new ConflictId(UUID.randomUUID()), owner, new ItemId(UUID.randomUUID()), version, PHONE,
                T0, conflict, Optional.empty());
    }

    private static Conflict<ItemField, ItemValue> title(String server, String incoming) {
        return new Conflict.FieldConflict<>(ItemField.TITLE, new ItemValue.Title(server), new Hlc(2, 0, DESK),
                new ItemValue.Title(incoming), new Hlc(1, 3, PHONE));
    }

    @Test
    void every_kind_of_value_is_kept_exactly() {
        UserId ann = aUser();
        Sale sale = new Sale(T0, Optional.of(Money.of("30.50", "EUR")), Optional.of(SalesChannel.EBAY));
        Map<ItemField, Write<ItemValue>> edits = Map.of(
                ItemField.DESCRIPTION, new Write<>(new ItemValue.Description("Brass, 1950s"), new Hlc(5, 0, PHONE)),
                ItemField.PRICE, new Write<>(new ItemValue.Price(Money.usd("12.00")), new Hlc(5, 0, PHONE)),
                ItemField.CONDITION, new Write<>(new ItemValue.ConditionValue(Optional.of(Condition.LIKE_NEW)), new Hlc(5, 0, PHONE)),
                ItemField.CATEGORY, new Write<>(new ItemValue.Category(Optional.empty()), new Hlc(5, 0, PHONE)),
                ItemField.SKU, new Write<>(new ItemValue.Sku(Optional.of("LMP-1")), new Hlc(5, 0, PHONE)),
                ItemField.COST, new Write<>(new ItemValue.Cost(Optional.of(Money.usd("2.00"))), new Hlc(5, 0, PHONE)),
                ItemField.LIFECYCLE, new Write<>(new ItemValue.Status(Lifecycle.sold(sale)), new Hlc(5, 0, PHONE)));
        RecordedConflict deleteConflict = conflict(ann, 3, new Conflict.DeleteConflict<>(new Hlc(4, 0, DESK), edits));
        RecordedConflict fieldConflict = conflict(ann, 3, new Conflict.FieldConflict<>(ItemField.COST,
                new ItemValue.Cost(Optional.empty()), new Hlc(2, 0, DESK), new ItemValue.Cost(Optional.of(Money.usd("1.00"))),
                new Hlc(1, 0, PHONE)));

        persistence.conflicts().record(deleteConflict);
        persistence.conflicts().record(fieldConflict);

        assertThat(persistence.conflicts().find(ann, deleteConflict.id())).contains(deleteConflict);
        assertThat(persistence.conflicts().find(ann, fieldConflict.id())).contains(fieldConflict);
        assertThat(persistence.conflicts().find(aUser(), fieldConflict.id())).isEmpty();
    }

    @Test
    void open_conflicts_page_in_version_order_and_resolved_ones_leave_the_list() {
        UserId ann = aUser();
        UserId bob = aUser();
        RecordedConflict a = conflict(ann, 5, title("a", "b"));
        RecordedConflict b = conflict(ann, 2, title("c", "d"));
        RecordedConflict c = conflict(ann, 9, title("e", "f"));
        for (RecordedConflict x : List.of(a, b, c, conflict(bob, 1, title("g", "h")))) persistence.conflicts().record(x);

        assertThat(persistence.conflicts().open(ann, Optional.empty(), 2)).containsExactly(b, a);
        assertThat(persistence.conflicts().open(ann, Optional.of(ConflictCursor.after(a)), 2)).containsExactly(c);

        RecordedConflict resolved = new RecordedConflict(a.id(), ann, a.item(), a.version(), a.device(), a.at(), a.conflict(),
                Optional.of(new RecordedConflict.Resolution(T0.plusSeconds(60), RecordedConflict.Choice.TAKE)));
        assertThat(persistence.conflicts().resolve(resolved)).isTrue();
        assertThat(persistence.conflicts().resolve(resolved)).as("only once").isFalse();

        assertThat(persistence.conflicts().open(ann, Optional.empty(), 10)).containsExactly(b, c);
        assertThat(persistence.conflicts().find(ann, a.id())).contains(resolved);
    }

    @Test
    void a_writes_conflicts_are_found_by_its_version() {
        UserId ann = aUser();
        RecordedConflict one = conflict(ann, 7, title("a", "b"));
        RecordedConflict two = conflict(ann, 7, title("c", "d"));
        persistence.conflicts().record(one);
        persistence.conflicts().record(two);
        persistence.conflicts().record(conflict(ann, 8, title("e", "f")));

        assertThat(persistence.conflicts().atVersion(ann, 7)).containsExactlyInAnyOrder(one, two);
        assertThat(persistence.conflicts().atVersion(aUser(), 7)).isEmpty();
    }

    @Test
    void an_items_open_conflicts_are_found_by_the_item_and_a_moot_one_leaves_them() {
        UserId ann = aUser();
        RecordedConflict first = conflict(ann, 4, title("a", "b"));
        RecordedConflict second = new RecordedConflict(new ConflictId(UUID.randomUUID()), ann, first.item(), 6, DESK, T0,
                title("c", "d"), Optional.empty());
        RecordedConflict elsewhere = conflict(ann, 5, title("e", "f"));
        for (RecordedConflict x : List.of(second, first, elsewhere)) persistence.conflicts().record(x);

        assertThat(persistence.conflicts().openFor(ann, first.item())).containsExactly(first, second);
        assertThat(persistence.conflicts().openFor(aUser(), first.item())).isEmpty();

        RecordedConflict moot = new RecordedConflict(first.id(), ann, first.item(), first.version(), first.device(), first.at(),
                first.conflict(), Optional.of(new RecordedConflict.Resolution(T0.plusSeconds(5), RecordedConflict.Choice.MOOT)));
        assertThat(persistence.conflicts().resolve(moot)).isTrue();
        assertThat(persistence.conflicts().openFor(ann, first.item())).containsExactly(second);
        assertThat(persistence.conflicts().find(ann, first.id())).contains(moot);
    }
}
