package com.llatria.adapters.persistence.postgres;

import com.llatria.domain.item.FieldStamp;
import com.llatria.domain.item.ItemField;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.Hlc;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldStampsJsonTest {
    private static final DeviceId PHONE = new DeviceId("phone-2b1c");
    private static final DeviceId DESK = new DeviceId("desk");

    @Test
    void stamps_with_and_without_seen_devices_read_back_as_written() {
        Map<ItemField, FieldStamp> stamps = new EnumMap<>(ItemField.class);
        for (ItemField field : ItemField.values()) stamps.put(field, new FieldStamp(new Hlc(1_000 + field.ordinal(), field.ordinal(), DESK), 3));
        stamps.put(ItemField.TITLE, new FieldStamp(new Hlc(5_000, 2, PHONE), 9, Map.of(PHONE, new Hlc(5_000, 2, PHONE), DESK, new Hlc(4_000, 0, DESK))));

        assertThat(FieldStampsJson.read(FieldStampsJson.write(stamps))).isEqualTo(stamps);
    }

    @Test
    void a_row_written_before_seen_existed_reads_with_none_and_an_unknown_key_is_an_error() {
        assertThat(FieldStampsJson.read("{\"TITLE\": {\"stamp\": \"0000000000001000-00000-desk\", \"version\": 4}}"))
                .isEqualTo(Map.of(ItemField.TITLE, new FieldStamp(new Hlc(1000, 0, DESK), 4)));
        assertThatThrownBy(() -> FieldStampsJson.read("{\"TITLE\": {\"stamp\": \"0000000000001000-00000-desk\", \"version\": 4, \"x\": 1}}"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> FieldStampsJson.read("{\"TITLE\": {\"version\": 4}}")).isInstanceOf(IllegalStateException.class);
    }
}
