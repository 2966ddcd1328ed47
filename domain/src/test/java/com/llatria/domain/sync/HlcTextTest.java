package com.llatria.domain.sync;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stamp's text form and the device id's shape, both written by hand for speed, against their rules. */
class HlcTextTest {
    @Test
    void a_stamp_is_zero_padded_millis_counter_and_device() {
        assertThat(new Hlc(1_764_100_000_000L, 7, new DeviceId("desk-7f3a")).encode()).isEqualTo("0001764100000000-00007-desk-7f3a");
        assertThat(new Hlc(0, 0, new DeviceId("a")).encode()).isEqualTo("0000000000000000-00000-a");
        assertThat(new Hlc(12_345_678_901_234_567L, 123_456, new DeviceId("x")).encode())
                .isEqualTo(String.format("%016d-%05d-%s", 12_345_678_901_234_567L, 123_456, "x"));
        Hlc stamp = new Hlc(1_764_100_000_123L, 99_999, new DeviceId("phone_2.b-1"));
        assertThat(Hlc.decode(stamp.encode())).isEqualTo(stamp);
        assertThat(Hlc.decode("12-3-a-b")).isEqualTo(new Hlc(12, 3, new DeviceId("a-b")));
        for (String bad : new String[]{"", "12", "12-3", "12-3-", "-3-a", "12--a", "x-3-a", "12-y-a", "-1-0-a", "12-3-a b"}) {
            assertThatThrownBy(() -> Hlc.decode(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void a_device_id_is_1_to_64_letters_digits_dots_underscores_or_dashes() {
        assertThat(DeviceId.isValid("Az09._-")).isTrue();
        assertThat(DeviceId.isValid("x".repeat(64))).isTrue();
        assertThat(DeviceId.isValid("x".repeat(65))).isFalse();
        assertThat(DeviceId.isValid("")).isFalse();
        assertThat(DeviceId.isValid(null)).isFalse();
        for (String bad : new String[]{"a b", "a/b", "é", "a:b", "a\nb", "\u0661"}) assertThat(DeviceId.isValid(bad)).as(bad).isFalse();
        assertThatThrownBy(() -> new DeviceId("a b")).isInstanceOf(IllegalArgumentException.class);
    }
}
