package com.llatria.application.inventory;

import java.math.BigDecimal;

/** Money as a client sends it; {@code currency} defaults to USD. */
public record MoneyInput(BigDecimal amount, String currency) {
}
