package com.llatria.application.inventory;

import java.util.Objects;

/**
 * A partial update (JSON merge patch, RFC 7396): each field is kept, cleared or set. Applied to
 * the item as stored, under the owner's lock, then checked like a full update.
 */
public record ItemPatch(Field<String> title, Field<String> description, Field<MoneyInput> price, Field<String> condition,
                        Field<String> category, Field<String> sku, Field<MoneyInput> cost, Field<String> status,
                        Field<SaleInput> sale) {
    public ItemPatch {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(sale, "sale");
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

    /** The full input this patch makes of the stored item's input. Money keeps its currency unless the patch names one. */
    ItemInput applyTo(ItemInput current) {
        return new ItemInput(title.applyTo(current.title()), description.applyTo(current.description()),
                money(price, current.price()), condition.applyTo(current.condition()), category.applyTo(current.category()),
                sku.applyTo(current.sku()), money(cost, current.cost()), status.applyTo(current.status()),
                sale.applyTo(current.sale()));
    }

    private static MoneyInput money(Field<MoneyInput> field, MoneyInput current) {
        if (field instanceof Field.Set<MoneyInput> set && set.value().currency() == null && current != null) {
            return new MoneyInput(set.value().amount(), current.currency());
        }
        return field.applyTo(current);
    }
}
