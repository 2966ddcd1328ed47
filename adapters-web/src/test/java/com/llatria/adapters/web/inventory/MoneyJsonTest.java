package com.llatria.adapters.web.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.llatria.adapters.web.Json;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class MoneyJsonTest {
    private static MoneyJson.Parsed parse(String json) throws Exception {
        JsonNode node = Json.MAPPER.readTree(json);
        return MoneyJson.parse(node);
    }

    @Test
    void money_is_read_as_an_object_a_number_or_a_string_exactly() throws Exception {
        assertThat(parse("{\"amount\": \"40.00\"}").money()).contains(new MoneyJson(new BigDecimal("40.00"), null));
        assertThat(parse("40.5").money()).contains(new MoneyJson(new BigDecimal("40.5"), null));
        assertThat(parse("\"12\"").money()).contains(new MoneyJson(new BigDecimal("12"), null));
        assertThat(parse("{\"amount\": 3, \"currency\": \"EUR\"}").money()).contains(new MoneyJson(new BigDecimal("3"), "EUR"));
        assertThat(parse("19.9999999999999999").money()).contains(new MoneyJson(new BigDecimal("19.9999999999999999"), null));
    }

    @Test
    void every_problem_of_a_money_object_is_reported_and_absurd_exponents_are_refused_unevaluated() throws Exception {
        assertThat(parse("{\"amount\": \"x\", \"currency\": 5, \"foo\": 1}").problems()).extracting(MoneyJson.Problem::field)
                .containsExactlyInAnyOrder(".amount", ".currency", ".foo");
        assertThat(parse("1e999999").money()).isEmpty();
        assertThat(parse("-1e999999").money()).isEmpty();
        assertThat(parse("1e-400").money()).isEmpty();
        assertThat(parse("\"1e131072\"").money()).isEmpty();
    }

    @Test
    void money_is_written_as_an_object_with_a_string_amount() throws Exception {
        assertThat(Json.MAPPER.writeValueAsString(new MoneyJson(new BigDecimal("45.00"), "USD")))
                .isEqualTo("{\"amount\":\"45.00\",\"currency\":\"USD\"}");
    }
}
