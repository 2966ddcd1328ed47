package com.llatria.domain.item;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {
    @Test
    void amounts_are_kept_with_two_decimals() {
        assertThat(Money.usd("5").amount()).isEqualTo(new BigDecimal("5.00"));
        assertThat(Money.usd("5.1")).isEqualTo(Money.usd("5.10"));
    }

    @Test
    void negative_amounts_and_fractions_of_a_cent_are_rejected() {
        assertThatThrownBy(() -> Money.usd("-0.01")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.usd("1.001")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.usd("10000000000.00")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void trailing_zeros_beyond_cents_are_not_a_fraction_of_a_cent() {
        assertThat(Money.usd("1.500")).isEqualTo(Money.usd("1.50"));
    }
}
