package com.llatria.application.inventory;

import com.llatria.application.Validation;
import com.llatria.domain.item.Condition;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.Sale;
import com.llatria.domain.item.ItemDetails;
import com.llatria.domain.item.ItemStatus;
import com.llatria.domain.item.Money;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Currency;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An item as a client writes it, unchecked. {@link #validate()} reports every problem at once
 * or gives the domain's {@link ItemDetails}. Absent optional fields are cleared (full replace).
 */
public record ItemInput(String title, String description, MoneyInput price, String condition, String category,
                        String sku, MoneyInput cost, String status, SaleInput sale) {

    public ItemInput(String title, String description, MoneyInput price, String condition, String category,
                     String sku, MoneyInput cost, String status) {
        this(title, description, price, condition, category, sku, cost, status, null);
    }

    /** The stored item as input: what a partial update starts from. */
    public static ItemInput of(Item item) {
        ItemDetails d = item.details();
        return new ItemInput(d.title(), d.description(), MoneyInput.of(d.price()), d.condition().map(Condition::wireName).orElse(null),
                d.category().orElse(null), d.sku().orElse(null), d.cost().map(MoneyInput::of).orElse(null),
                item.status().wireName(), item.lifecycle().sale().map(SaleInput::of).orElse(null));
    }

    /** @param sale the sale the input describes, if any (it is only for items that are or become sold) */
    public record Valid(ItemDetails details, Optional<ItemStatus> status, Optional<Sale> sale) {
    }

    public Valid validate() {
        return validate(Instant.now());
    }

    /** Checks every field, reporting all problems together; {@code now} bounds the sale's date. */
    public Valid validate(Instant now) {
        Validation v = new Validation();
        v.text("title", title);
        v.text("description", description);
        v.text("category", category);
        v.text("sku", sku);
        v.text("condition", condition);
        v.text("status", status);
        v.check(title != null && !title.isBlank(), "title", "is required");
        v.check(title == null || ItemDetails.length(title.strip()) <= ItemDetails.TITLE_MAX, "title",
                "must be at most " + ItemDetails.TITLE_MAX + " characters");
        v.check(description == null || ItemDetails.length(description) <= ItemDetails.DESCRIPTION_MAX, "description",
                "must be at most " + ItemDetails.DESCRIPTION_MAX + " characters");
        v.check(price != null, "price", "is required");
        Optional<Money> priceMoney = money(v, "price", price);
        Optional<Money> costMoney = money(v, "cost", cost);
        Optional<Condition> cond = Optional.ofNullable(condition).flatMap(Condition::fromWire);
        v.check(condition == null || cond.isPresent(), "condition", "must be one of " + names(Condition.values()));
        Optional<String> cat = blankToEmpty(category);
        v.check(cat.map(c -> ItemDetails.length(c) <= ItemDetails.CATEGORY_MAX).orElse(true), "category",
                "must be at most " + ItemDetails.CATEGORY_MAX + " characters");
        Optional<String> skuText = blankToEmpty(sku);
        v.check(skuText.map(s -> ItemDetails.length(s) <= ItemDetails.SKU_MAX).orElse(true), "sku",
                "must be at most " + ItemDetails.SKU_MAX + " characters");
        Optional<ItemStatus> st = Optional.ofNullable(status).flatMap(ItemStatus::fromWire);
        v.check(status == null || st.isPresent(), "status", "must be one of " + names(ItemStatus.values()));
        Optional<Sale> saleValue = sale == null ? Optional.empty() : sale.validate(v, now, "soldPlatform");
        v.throwIfInvalid();
        return new Valid(new ItemDetails(title.strip(), description == null ? "" : description, priceMoney.orElseThrow(),
                cond, cat, skuText, costMoney), st, saleValue.filter(s -> !sale.isEmpty()));
    }

    static Optional<Money> money(Validation v, String field, MoneyInput input) {
        if (input == null) return Optional.empty();
        BigDecimal amount = input.amount();
        Money.problems(amount).forEach(reason -> v.check(false, field + ".amount", reason));
        Optional<Currency> currency = currency(input.currency());
        v.check(currency.isPresent(), field + ".currency", "must be an ISO 4217 code such as USD or EUR");
        if (v.has(field)) return Optional.empty();
        return Optional.of(new Money(amount, currency.get()));
    }

    private static Optional<Currency> currency(String code) {
        if (code == null) return Optional.of(Money.DEFAULT_CURRENCY);
        if (!code.matches("[A-Z]{3}")) return Optional.empty();
        try {
            return Optional.of(Currency.getInstance(code));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> blankToEmpty(String text) {
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(text.strip());
    }

    static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(e -> e.name().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(", "));
    }
}
