package com.llatria.domain.item;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;
import java.util.ArrayList;
import java.util.List;

/** A non-negative amount with two decimals in one currency. */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {
    public static final Currency DEFAULT_CURRENCY = Currency.getInstance("USD");
    /** numeric(12,2) in the database: ten digits before the point. */
    public static final BigDecimal MAX = new BigDecimal("9999999999.99");

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        List<String> problems = problems(amount);
        if (!problems.isEmpty()) throw new IllegalArgumentException("amount " + String.join(", ", problems));
        amount = amount.setScale(2);
    }

    /** Everything wrong with an amount (empty when it is fine): the one place these rules live. */
    public static List<String> problems(BigDecimal amount) {
        if (amount == null) return List.of("is required");
        List<String> problems = new ArrayList<>();
        if (amount.signum() < 0) problems.add("must be 0 or more");
        if (amount.stripTrailingZeros().scale() > 2) problems.add("must have at most 2 decimals");
        if (amount.compareTo(MAX) > 0) problems.add("must be at most " + MAX.toPlainString());
        return problems;
    }

    public static Money of(String amount, String currency) {
        return new Money(new BigDecimal(amount), Currency.getInstance(currency));
    }

    public static Money usd(String amount) {
        return of(amount, "USD");
    }

    @Override
    public int compareTo(Money other) {
        int byAmount = amount.compareTo(other.amount);
        return byAmount != 0 ? byAmount : currency.getCurrencyCode().compareTo(other.currency.getCurrencyCode());
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }
}
