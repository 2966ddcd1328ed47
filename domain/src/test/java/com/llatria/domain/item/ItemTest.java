package com.llatria.domain.item;

import com.llatria.domain.fixtures.Items;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.Hlc;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ItemTest {
    private static final Instant LATER = Instant.parse("2026-11-05T09:00:00Z");

    @Test
    void rewriting_stamps_only_the_fields_that_changed() {
        Item item = Items.anItem().titled("Lamp").priced("10.00").build();
        Hlc edit = new Hlc(LATER.toEpochMilli(), 0, new DeviceId("phone-1"));

        Item edited = item.rewrite(item.details().withPrice(Money.usd("12.00")), item.lifecycle(), edit, LATER, 7);

        assertThat(edited.stamps().get(ItemField.PRICE)).isEqualTo(new FieldStamp(edit, 7));
        assertThat(edited.stamps().get(ItemField.TITLE)).isEqualTo(item.stamps().get(ItemField.TITLE));
        assertThat(edited.version()).isEqualTo(7);
        assertThat(edited.updatedAt()).isEqualTo(LATER);
        assertThat(edited.createdAt()).isEqualTo(item.createdAt());
    }

    @Test
    void deleting_leaves_a_tombstone_with_the_content() {
        Item item = Items.anItem().build();
        Hlc stamp = new Hlc(LATER.toEpochMilli(), 0, DeviceId.SERVER);

        Item deleted = item.delete(stamp, LATER, 3);

        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.deletion()).contains(new Deletion(LATER, stamp));
        assertThat(deleted.details()).isEqualTo(item.details());
    }
}
