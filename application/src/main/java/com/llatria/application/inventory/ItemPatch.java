package com.llatria.application.inventory;

import java.util.Objects;

/**
 * A partial update (JSON merge patch, RFC 7396): each field is kept, cleared or set. Applied to
 * the item as stored, under the owner's lock, then checked like a full update.
 */
public record ItemPatch(Field<String> title, Field<String> description, Field<MoneyInput> price, Field<String> condition,
                        Field<String> category, Field<String> sku, Field<MoneyInput> cost, Field<String> status,
                        Field<java.time.Instant> soldAt, Field<MoneyInput> soldPrice, Field<String> soldPlatform) {
    public ItemPatch {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(soldAt, "soldAt");
        Objects.requireNonNull(soldPrice, "soldPrice");
        Objects.requireNonNull(soldPlatform, "soldPlatform");
    }

    public sealed interface Field<T> {
        record Keep<T>() implements Field<T> {
        }

        record Clear<T>() implements Field<T> {
        }

        record Set<T>(T value) implements Field<T> {
            public Set {
                Objects.requireNonNull(value, "value");
            }
        }

        static <T> Field<T> keep() {
            return new Keep<>();
        }

        default T applyTo(T current) {
            if (this instanceof Set<T> set) return set.value();
            if (this instanceof Clear<T>) return null;
            return current;
        }
    }

    /**
     * The full input this patch makes of the stored item's input. Each sale field merges on its
     * own; money merges too: an amount alone keeps the currency, a currency alone keeps the amount.
     */
    ItemInput applyTo(ItemInput current) {
        SaleInput sale = current.sale();
        java.time.Instant at = soldAt.applyTo(sale == null ? null : sale.soldAt());
        MoneyInput salePrice = money(soldPrice, sale == null ? null : sale.soldPrice());
        String platform = soldPlatform.applyTo(sale == null ? null : sale.platform());
        SaleInput nextSale = at == null && salePrice == null && platform == null ? null : new SaleInput(at, salePrice, platform);
        return new ItemInput(title.applyTo(current.title()), description.applyTo(current.description()),
                money(price, current.price()), condition.applyTo(current.condition()), category.applyTo(current.category()),
                sku.applyTo(current.sku()), money(cost, current.cost()), status.applyTo(current.status()), nextSale);
    }

    private static MoneyInput money(Field<MoneyInput> field, MoneyInput current) {
        if (field instanceof Field.Set<MoneyInput> set && current != null) {
            MoneyInput given = set.value();
            return new MoneyInput(given.amount() != null ? given.amount() : current.amount(),
                    given.currency() != null ? given.currency() : current.currency());
        }
        return field.applyTo(current);
    }
}
