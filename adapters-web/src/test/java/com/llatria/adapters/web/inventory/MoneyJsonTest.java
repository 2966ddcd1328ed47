package com.llatria.adapters.web.inventory;

import com.llatria.adapters.web.Json;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class MoneyJsonTest {
    @Test
    void money_is_read_as_an_object_a_number_or_a_string() throws Exception {
        assertThat(Json.MAPPER.readValue("{\"soldPrice\": {\"amount\": \"40.00\"}, \"platform\": \"ebay\"}", SoldRequest.class).soldPrice())
                .isEqualTo(new MoneyJson(new BigDecimal("40.00"), null));
        assertThat(Json.MAPPER.readValue("{\"soldPrice\": 40.5}", SoldRequest.class).soldPrice())
                .isEqualTo(new MoneyJson(new BigDecimal("40.5"), null));
        assertThat(Json.MAPPER.readValue("{\"soldPrice\": \"12\"}", SoldRequest.class).soldPrice())
                .isEqualTo(new MoneyJson(new BigDecimal("12"), null));
        assertThat(Json.MAPPER.readValue("{\"soldPrice\": {\"amount\": 3, \"currency\": \"EUR\"}}", SoldRequest.class).soldPrice())
                .isEqualTo(new MoneyJson(new BigDecimal("3"), "EUR"));
    }

    @Test
    void money_is_written_as_an_object_with_a_string_amount() throws Exception {
        assertThat(Json.MAPPER.writeValueAsString(new MoneyJson(new BigDecimal("45.00"), "USD")))
                .isEqualTo("{\"amount\":\"45.00\",\"currency\":\"USD\"}");
    }
}
