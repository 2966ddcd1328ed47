package com.llatria.adapters.web.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.llatria.application.InvalidInput;
import com.llatria.application.Validation;
import com.llatria.application.inventory.ItemInput;
import com.llatria.application.inventory.ItemPatch;
import com.llatria.application.inventory.MoneyInput;
import com.llatria.application.inventory.SaleInput;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An item as a client sends it, read field by field so that a 400 lists every problem at once.
 * It takes what {@code GET /api/inventory/:id} answers: {@code id} and {@code version} are
 * honoured (the version as the expected one), the other read-only fields ({@code createdAt},
 * {@code updatedAt}, {@code images}) are ignored, and the sale fields describe the sale of an item
 * that is or becomes sold. Prices may be an object, a number or a string; a bare amount takes the
 * body's {@code currency}, or USD.
 */
final class ItemBody {
    private static final Set<String> FIELDS = Set.of("id", "title", "description", "price", "currency", "condition",
            "category", "sku", "cost", "status", "expectedVersion", "version", "createdAt", "updatedAt", "images",
            "soldAt", "soldPrice", "soldPlatform");
    private static final Set<String> MONEY = Set.of("price", "cost", "soldPrice");

    private final JsonNode node;
    private final Validation v = new Validation();

    private ItemBody(JsonNode node) {
        this.node = node;
    }

    /** A create or full update. */
    record Full(Optional<UUID> id, Optional<Long> version, ItemInput input) {
    }

    /** A partial update. */
    record Partial(Optional<UUID> id, Optional<Long> version, ItemPatch patch) {
    }

    static Full full(JsonNode node) {
        ItemBody body = new ItemBody(object(node));
        body.checkNames();
        Optional<UUID> id = body.uuid("id");
        Optional<Long> version = body.version();
        String currency = body.text("currency").orElse(null);
        SaleInput sale = new SaleInput(body.instant("soldAt").orElse(null), body.money("soldPrice", currency).orElse(null),
                body.text("soldPlatform").orElse(null));
        ItemInput input = new ItemInput(body.text("title").orElse(null), body.text("description").orElse(null),
                body.money("price", currency).orElse(null), body.text("condition").orElse(null),
                body.text("category").orElse(null), body.text("sku").orElse(null), body.money("cost", currency).orElse(null),
                body.text("status").orElse(null), sale.isEmpty() ? null : sale);
        body.v.throwIfInvalid();
        return new Full(id, version, input);
    }

    static Partial partial(JsonNode node) {
        ItemBody body = new ItemBody(object(node));
        body.checkNames();
        Optional<UUID> id = body.uuid("id");
        Optional<Long> version = body.version();
        String currency = body.text("currency").orElse(null);
        ItemPatch.Field<SaleInput> sale = ItemPatch.Field.keep();
        if (body.present("soldAt") || body.present("soldPrice") || body.present("soldPlatform")) {
            SaleInput given = new SaleInput(body.instant("soldAt").orElse(null), body.money("soldPrice", currency).orElse(null),
                    body.text("soldPlatform").orElse(null));
            sale = given.isEmpty() ? new ItemPatch.Field.Clear<>() : new ItemPatch.Field.Set<>(given);
        }
        ItemPatch patch = new ItemPatch(body.textField("title"), body.textField("description"),
                body.moneyField("price", currency), body.textField("condition"), body.textField("category"),
                body.textField("sku"), body.moneyField("cost", currency), body.textField("status"), sale);
        body.v.throwIfInvalid();
        return new Partial(id, version, patch);
    }

    private static JsonNode object(JsonNode node) {
        if (node == null || !node.isObject()) throw InvalidInput.of("body", "must be a JSON object");
        return node;
    }

    private void checkNames() {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            v.check(FIELDS.contains(name), name, "is not a known field");
        }
    }

    private boolean present(String name) {
        return node.has(name);
    }

    private Optional<String> text(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) return Optional.empty();
        v.check(value.isTextual(), name, "must be a string");
        return value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
    }

    private ItemPatch.Field<String> textField(String name) {
        if (!present(name)) return ItemPatch.Field.keep();
        if (node.get(name).isNull()) return new ItemPatch.Field.Clear<>();
        return text(name).<ItemPatch.Field<String>>map(ItemPatch.Field.Set::new).orElse(ItemPatch.Field.keep());
    }

    private Optional<MoneyInput> money(String name, String currency) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) return Optional.empty();
        MoneyJson.Parsed parsed = MoneyJson.parse(value);
        if (parsed.money().isEmpty()) {
            v.check(false, name + parsed.field(), parsed.problem());
            return Optional.empty();
        }
        MoneyJson money = parsed.money().get();
        return Optional.of(new MoneyInput(money.amount(), money.currency() != null ? money.currency() : currency));
    }

    private ItemPatch.Field<MoneyInput> moneyField(String name, String currency) {
        if (!present(name)) return ItemPatch.Field.keep();
        if (node.get(name).isNull()) return new ItemPatch.Field.Clear<>();
        return money(name, currency).<ItemPatch.Field<MoneyInput>>map(ItemPatch.Field.Set::new).orElse(ItemPatch.Field.keep());
    }

    private Optional<UUID> uuid(String name) {
        return text(name).flatMap(text -> {
            try {
                return Optional.of(UUID.fromString(text));
            } catch (IllegalArgumentException e) {
                v.check(false, name, "must be a UUID");
                return Optional.empty();
            }
        });
    }

    private Optional<Instant> instant(String name) {
        return text(name).flatMap(text -> {
            try {
                return Optional.of(Instant.parse(text));
            } catch (DateTimeParseException e) {
                v.check(false, name, "must be an ISO-8601 instant such as 2026-11-25T10:00:00Z");
                return Optional.empty();
            }
        });
    }

    /** {@code version} (as GET shows it) or {@code expectedVersion}; both must agree when both are sent. */
    private Optional<Long> version() {
        Optional<Long> version = whole("version");
        Optional<Long> expected = whole("expectedVersion");
        v.check(version.isEmpty() || expected.isEmpty() || version.equals(expected), "expectedVersion",
                "must equal version when both are sent");
        return expected.or(() -> version);
    }

    private Optional<Long> whole(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) return Optional.empty();
        boolean ok = value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= 0;
        v.check(ok, name, "must be a whole number, the item's version");
        return ok ? Optional.of(value.longValue()) : Optional.empty();
    }
}
