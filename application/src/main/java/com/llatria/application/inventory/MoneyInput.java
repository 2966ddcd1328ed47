package com.llatria.application.inventory;

import com.llatria.domain.item.Money;

import java.math.BigDecimal;

/** Money as a client sends it; {@code currency} defaults to USD. */
public record MoneyInput(BigDecimal amount, String currency) {
    public static MoneyInput of(Money money) {
        return new MoneyInput(money.amount(), money.currency().getCurrencyCode());
    }
}
