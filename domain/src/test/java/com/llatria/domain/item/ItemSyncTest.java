package com.llatria.domain.item;

import com.llatria.domain.fixtures.Items;
import com.llatria.domain.sync.Change;
import com.llatria.domain.sync.Conflict;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.Hlc;
import com.llatria.domain.sync.Write;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ItemSyncTest {
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final DeviceId PHONE = new DeviceId("phone");
    private static final DeviceId DESKTOP = new DeviceId("desktop");

    private static Write<ItemValue> write(ItemValue value, long millis, DeviceId device) {
        return new Write<>(value, new Hlc(millis, 0, device));
    }

    @Test
    void concurrent_edits_to_different_fields_both_survive() {
        Item item = Items.anItem().titled("Lamp").priced("10.00").version(3).build();
        long t = NOW.toEpochMilli();

        Item afterPhone = ItemSync.merge(item, Change.edit(PHONE, 3,
                Map.of(ItemField.PRICE, write(new ItemValue.Price(Money.usd("12.00")), t, PHONE))), NOW, 4).item();
        ItemSync.Merged afterDesktop = ItemSync.merge(afterPhone, Change.edit(DESKTOP, 3,
                Map.of(ItemField.TITLE, write(new ItemValue.Title("Brass lamp"), t + 1, DESKTOP))), NOW, 5);

        assertThat(afterDesktop.item().details().title()).isEqualTo("Brass lamp");
        assertThat(afterDesktop.item().details().price()).isEqualTo(Money.usd("12.00"));
        assertThat(afterDesktop.item().version()).isEqualTo(5);
        assertThat(afterDesktop.result().conflicts()).isEmpty();
    }

    @Test
    void a_concurrent_edit_to_the_same_field_is_won_by_the_later_stamp_and_recorded_once() {
        Item item = Items.anItem().titled("Lamp").version(3).build();
        long t = NOW.toEpochMilli();

        Item afterPhone = ItemSync.merge(item, Change.edit(PHONE, 3,
                Map.of(ItemField.TITLE, write(new ItemValue.Title("Phone title"), t + 5, PHONE))), NOW, 4).item();
        Change<ItemField, ItemValue> desktop = Change.edit(DESKTOP, 3,
                Map.of(ItemField.TITLE, write(new ItemValue.Title("Desktop title"), t + 1, DESKTOP)));
        ItemSync.Merged afterDesktop = ItemSync.merge(afterPhone, desktop, NOW, 5);
        ItemSync.Merged replayed = ItemSync.merge(afterDesktop.item(), desktop, NOW, 6);

        assertThat(afterDesktop.item().details().title()).isEqualTo("Phone title");
        assertThat(afterDesktop.result().conflicts()).singleElement().isInstanceOf(Conflict.FieldConflict.class);
        assertThat(replayed.result().conflicts()).isEmpty();
        assertThat(replayed.result().changed()).isFalse();
        assertThat(replayed.item()).isEqualTo(afterDesktop.item());
    }

    @Test
    void status_and_sale_merge_as_one_field() {
        Item item = Items.anItem().lifecycle(Lifecycle.of(ItemStatus.ACTIVE)).version(3).build();
        Sale sale = new Sale(NOW, Optional.of(Money.usd("30.00")), Optional.of(SalesChannel.EBAY));

        Item sold = ItemSync.merge(item, Change.edit(PHONE, 3, Map.of(ItemField.LIFECYCLE,
                write(new ItemValue.Status(Lifecycle.sold(sale)), NOW.toEpochMilli(), PHONE))), NOW, 4).item();

        assertThat(sold.lifecycle()).isEqualTo(Lifecycle.sold(sale));
        assertThat(sold.details()).isEqualTo(item.details());
    }

    @Test
    void a_synced_delete_becomes_the_items_tombstone() {
        Item item = Items.anItem().version(3).build();
        Hlc stamp = new Hlc(NOW.toEpochMilli(), 0, PHONE);

        Item deleted = ItemSync.merge(item, Change.deletion(PHONE, 3, stamp), NOW, 4).item();

        assertThat(deleted.deletion()).contains(new Deletion(NOW, stamp));
    }

    @Test
    void a_value_under_the_wrong_field_is_refused() {
        Item item = Items.anItem().version(3).build();

        assertThatThrownBy(() -> ItemSync.merge(item, Change.edit(PHONE, 3,
                Map.of(ItemField.TITLE, write(new ItemValue.Sku(Optional.of("X")), 1, PHONE))), NOW, 4))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_created_item_takes_the_sent_fields_with_their_stamps_and_defaults_under_a_zero_stamp() {
        long t = NOW.toEpochMilli();
        Item item = ItemSync.create(new ItemId(UUID.randomUUID()), new UserId(UUID.randomUUID()), Map.of(
                ItemField.TITLE, write(new ItemValue.Title("Lamp"), t, PHONE),
                ItemField.PRICE, write(new ItemValue.Price(Money.usd("5.00")), t + 1, PHONE),
                ItemField.CONDITION, write(new ItemValue.ConditionValue(Optional.of(Condition.USED)), t, PHONE)), NOW, 9);

        assertThat(item.details().condition()).contains(Condition.USED);
        assertThat(item.stamps().get(ItemField.PRICE).stamp()).isEqualTo(new Hlc(t + 1, 0, PHONE));
        assertThat(item.stamps().get(ItemField.SKU).stamp()).isEqualTo(new Hlc(0, 0, PHONE));
        assertThat(item.status()).isEqualTo(ItemStatus.DRAFT);
        assertThat(item.version()).isEqualTo(9);
    }

    @Test
    void values_keep_the_items_rules() {
        assertThatThrownBy(() -> new ItemValue.Title(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ItemValue.Sku(Optional.of("x".repeat(51)))).isInstanceOf(IllegalArgumentException.class);
    }
}
