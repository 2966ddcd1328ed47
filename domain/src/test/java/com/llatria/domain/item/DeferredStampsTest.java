package com.llatria.domain.item;

import com.llatria.domain.fixtures.Items;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.Hlc;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeferredStampsTest {
    private static final Instant LATER = Instant.parse("2026-11-05T09:00:00Z");

    @Test
    void stamps_are_worked_out_once_and_only_when_asked_for() {
        Item stored = Items.anItem().build();
        AtomicInteger parsed = new AtomicInteger();
        Item read = new Item(stored.id(), stored.owner(), stored.details(), stored.lifecycle(), stored.createdAt(), stored.updatedAt(),
                stored.version(), stored.deletion(), new DeferredStamps(() -> {
                    parsed.incrementAndGet();
                    return stored.stamps();
                }));

        assertThat(read.details()).isEqualTo(stored.details());
        assertThat(parsed).as("showing an item does not need its stamps").hasValue(0);
        assertThat(read).isEqualTo(stored);
        assertThat(read.stamps().get(ItemField.TITLE)).isEqualTo(stored.stamps().get(ItemField.TITLE));
        assertThat(parsed).hasValue(1);
    }

    @Test
    void an_item_rewritten_from_deferred_stamps_keeps_the_unchanged_fields_stamps() {
        Item stored = Items.anItem().titled("Lamp").build();
        Item read = new Item(stored.id(), stored.owner(), stored.details(), stored.lifecycle(), stored.createdAt(), stored.updatedAt(),
                stored.version(), stored.deletion(), new DeferredStamps(stored::stamps));
        Hlc edit = new Hlc(LATER.toEpochMilli(), 0, new DeviceId("phone-1"));

        Item edited = read.rewrite(read.details().withTitle("Brass lamp"), read.lifecycle(), edit, LATER, 9);

        assertThat(edited.stamps().get(ItemField.TITLE)).isEqualTo(new FieldStamp(edit, 9));
        assertThat(edited.stamps().get(ItemField.PRICE)).isEqualTo(stored.stamps().get(ItemField.PRICE));
    }

    @Test
    void incomplete_stamps_are_refused_when_first_used_and_nothing_can_be_put_in() {
        Map<ItemField, FieldStamp> some = new EnumMap<>(ItemField.class);
        some.put(ItemField.TITLE, new FieldStamp(new Hlc(1, 0, DeviceId.SERVER), 1));
        DeferredStamps incomplete = new DeferredStamps(() -> some);

        assertThatThrownBy(incomplete::size).hasMessageContaining("every field");
        assertThatThrownBy(() -> new DeferredStamps(Items.anItem().build()::stamps).put(ItemField.TITLE, null))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
