package com.llatria.domain.item;

import com.llatria.domain.fixtures.Items;
import com.llatria.domain.sync.Change;
import com.llatria.domain.sync.Conflict;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.Hlc;
import com.llatria.domain.sync.Write;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ItemSyncTest {
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final DeviceId PHONE = new DeviceId("phone");
    private static final DeviceId DESKTOP = new DeviceId("desktop");

    @Test
    void concurrent_edits_to_different_fields_both_survive() {
        Item item = Items.anItem().titled("Lamp").priced("10.00").version(3).build();
        long t = NOW.toEpochMilli();

        Item afterPhone = ItemSync.merge(item, Change.edit(PHONE, 3,
                Map.of(ItemField.PRICE, new Write(Money.usd("12.00"), new Hlc(t, 0, PHONE)))), NOW, 4).item();
        ItemSync.Merged afterDesktop = ItemSync.merge(afterPhone, Change.edit(DESKTOP, 3,
                Map.of(ItemField.TITLE, new Write("Brass lamp", new Hlc(t + 1, 0, DESKTOP)))), NOW, 5);

        assertThat(afterDesktop.item().details().title()).isEqualTo("Brass lamp");
        assertThat(afterDesktop.item().details().price()).isEqualTo(Money.usd("12.00"));
        assertThat(afterDesktop.item().version()).isEqualTo(5);
        assertThat(afterDesktop.result().conflicts()).isEmpty();
    }

    @Test
    void a_concurrent_edit_to_the_same_field_is_won_by_the_later_stamp_and_recorded() {
        Item item = Items.anItem().titled("Lamp").version(3).build();
        long t = NOW.toEpochMilli();

        Item afterPhone = ItemSync.merge(item, Change.edit(PHONE, 3,
                Map.of(ItemField.TITLE, new Write("Phone title", new Hlc(t + 5, 0, PHONE)))), NOW, 4).item();
        ItemSync.Merged afterDesktop = ItemSync.merge(afterPhone, Change.edit(DESKTOP, 3,
                Map.of(ItemField.TITLE, new Write("Desktop title", new Hlc(t + 1, 0, DESKTOP)))), NOW, 5);

        assertThat(afterDesktop.item().details().title()).isEqualTo("Phone title");
        assertThat(afterDesktop.result().changed()).isFalse();
        assertThat(afterDesktop.result().conflicts()).singleElement()
                .isInstanceOf(Conflict.FieldConflict.class);
    }

    @Test
    void a_synced_delete_becomes_the_items_tombstone() {
        Item item = Items.anItem().version(3).build();
        Hlc stamp = new Hlc(NOW.toEpochMilli(), 0, PHONE);

        Item deleted = ItemSync.merge(item, Change.deletion(PHONE, 3, stamp), NOW, 4).item();

        assertThat(deleted.deletion()).contains(new Deletion(NOW, stamp));
    }
}
