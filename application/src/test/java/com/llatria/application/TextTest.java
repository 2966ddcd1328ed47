package com.llatria.application;

import com.llatria.application.inventory.ItemInput;
import com.llatria.application.inventory.MoneyInput;
import com.llatria.application.inventory.SaleInput;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextTest {
    @Test
    void ordinary_text_of_any_script_passes() {
        for (String text : new String[] {"Vintage Levi's 501", "Größe M — 中文 — emoji 👖", "two\nlines\twith tab\r\n", "", null}) {
            assertThat(Text.problem(text)).as(text).isEmpty();
        }
    }

    @Test
    void nul_control_characters_and_unpaired_surrogates_are_refused() {
        for (String text : new String[] {"a\u0000b", "\u0007", "\u001b[31m", "\u007f", "\u0085", "x\ud800", "\udc00x", "\ud83d"}) {
            assertThat(Text.problem(text)).as(text.codePoints().mapToObj(Integer::toHexString).toList().toString()).isPresent();
        }
    }

    @Test
    void item_input_applies_the_rule_to_every_text_field() {
        ItemInput input = new ItemInput("La\u0000mp", "d\u0000", new MoneyInput(BigDecimal.ONE, null), null, "c\u0001", "s\u0002", null, null);
        assertThatThrownBy(input::validate).isInstanceOfSatisfying(InvalidInput.class, e ->
                assertThat(e.errors()).extracting(FieldError::field).contains("title", "description", "category", "sku"));
    }

    @Test
    void a_sale_date_must_be_between_1970_and_a_little_after_now() {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        for (String soldAt : new String[] {"1969-12-31T23:59:59Z", "-100000-01-01T00:00:00Z", "2026-11-25T10:06:00Z"}) {
            assertThatThrownBy(() -> new SaleInput(Instant.parse(soldAt), null, null).validate(now)).as(soldAt)
                    .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("soldAt"));
        }
        assertThat(new SaleInput(Instant.EPOCH, null, null).validate(now).soldAt()).isEqualTo(Instant.EPOCH);
    }
}
