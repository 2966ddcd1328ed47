package com.llatria.domain.item;

import java.util.Objects;
import java.util.Optional;

/**
 * One field's value as sync stores, compares and merges it: a type per {@link ItemField}, so a
 * merged item is rebuilt from its fields without casts, and a value that does not fit its field
 * cannot be built at all. Each value checks the same rules {@link ItemDetails} does.
 */
public sealed interface ItemValue {
    ItemField field();

    /** The item's details with this value in place (the lifecycle is not a detail: see {@link Status}). */
    ItemDetails applyTo(ItemDetails d);

    record Title(String value) implements ItemValue {
        public Title {
            Objects.requireNonNull(value, "value");
            if (value.isBlank() || ItemDetails.length(value) > ItemDetails.TITLE_MAX) {
                throw new IllegalArgumentException("must be 1-" + ItemDetails.TITLE_MAX + " characters");
            }
        }

        public ItemField field() {
            return ItemField.TITLE;
        }

        public ItemDetails applyTo(ItemDetails d) {
            return d.withTitle(value);
        }
    }

    record Description(String value) implements ItemValue {
        public Description {
            Objects.requireNonNull(value, "value");
            if (ItemDetails.length(value) > ItemDetails.DESCRIPTION_MAX) {
                throw new IllegalArgumentException("must be at most " + ItemDetails.DESCRIPTION_MAX + " characters");
            }
        }

        public ItemField field() {
            return ItemField.DESCRIPTION;
        }

        public ItemDetails applyTo(ItemDetails d) {
            return d.withDescription(value);
        }
    }

    record Price(Money value) implements ItemValue {
        public Price {
            Objects.requireNonNull(value, "value");
        }

        public ItemField field() {
            return ItemField.PRICE;
        }

        public ItemDetails applyTo(ItemDetails d) {
            return d.withPrice(value);
        }
    }

    record ConditionValue(Optional<Condition> value) implements ItemValue {
        public ConditionValue {
            Objects.requireNonNull(value, "value");
        }

        public ItemField field() {
            return ItemField.CONDITION;
        }

        public ItemDetails applyTo(ItemDetails d) {
            return new ItemDetails(d.title(), d.description(), d.price(), value, d.category(), d.sku(), d.cost());
        }
    }

    record Category(Optional<String> value) implements ItemValue {
        public Category {
            Objects.requireNonNull(value, "value");
            value.ifPresent(c -> {
                if (c.isBlank() || ItemDetails.length(c) > ItemDetails.CATEGORY_MAX) {
                    throw new IllegalArgumentException("must be 1-" + ItemDetails.CATEGORY_MAX + " characters, or null");
                }
            });
        }

        public ItemField field() {
            return ItemField.CATEGORY;
        }

        public ItemDetails applyTo(ItemDetails d) {
            return new ItemDetails(d.title(), d.description(), d.price(), d.condition(), value, d.sku(), d.cost());
        }
    }

    record Sku(Optional<String> value) implements ItemValue {
        public Sku {
            Objects.requireNonNull(value, "value");
            value.ifPresent(s -> {
                if (s.isBlank() || ItemDetails.length(s) > ItemDetails.SKU_MAX) {
                    throw new IllegalArgumentException("must be 1-" + ItemDetails.SKU_MAX + " characters, or null");
                }
            });
        }

        public ItemField field() {
            return ItemField.SKU;
        }

        public ItemDetails applyTo(ItemDetails d) {
            return new ItemDetails(d.title(), d.description(), d.price(), d.condition(), d.category(), value, d.cost());
        }
    }

    record Cost(Optional<Money> value) implements ItemValue {
        public Cost {
            Objects.requireNonNull(value, "value");
        }

        public ItemField field() {
            return ItemField.COST;
        }

        public ItemDetails applyTo(ItemDetails d) {
            return new ItemDetails(d.title(), d.description(), d.price(), d.condition(), d.category(), d.sku(), value);
        }
    }

    /** Status and sale, one field: no merge can produce "sold" without its sale. */
    record Status(Lifecycle value) implements ItemValue {
        public Status {
            Objects.requireNonNull(value, "value");
        }

        public ItemField field() {
            return ItemField.LIFECYCLE;
        }

        public ItemDetails applyTo(ItemDetails d) {
            return d;
        }
    }
}
