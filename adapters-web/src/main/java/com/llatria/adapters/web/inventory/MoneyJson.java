package com.llatria.adapters.web.inventory;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.llatria.application.inventory.MoneyInput;
import com.llatria.domain.item.Money;

import java.math.BigDecimal;

/**
 * Money on the wire: {@code {"amount": "79.99", "currency": "USD"}}. Amounts go out as strings
 * so no client parses a price into a float; they come in as a string or a number.
 */
public record MoneyJson(@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String currency) {
    static MoneyJson from(Money money) {
        return new MoneyJson(money.amount(), money.currency().getCurrencyCode());
    }

    static MoneyInput toInput(MoneyJson json) {
        return json == null ? null : new MoneyInput(json.amount(), json.currency());
    }
}
