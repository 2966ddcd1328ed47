package com.llatria.adapters.web.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.llatria.adapters.web.JsonFields;
import com.llatria.application.inventory.ItemInput;
import com.llatria.application.inventory.ItemPatch;
import com.llatria.application.inventory.MoneyInput;
import com.llatria.application.inventory.SaleInput;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An item as a client sends it, read field by field so that a 400 lists every problem at once.
 * It takes what {@code GET /api/inventory/:id} answers: {@code id} and {@code version} are
 * honoured (the version as the expected one), the other read-only fields ({@code createdAt},
 * {@code updatedAt}, {@code images}, {@code postings}) are ignored, and the sale fields describe the sale of an item
 * that is or becomes sold. Prices may be an object, a number or a string; a bare amount takes the
 * body's {@code currency}, or USD.
 */
final class ItemBody {
    private static final Set<String> FIELDS = Set.of("id", "title", "description", "price", "currency", "condition",
            "category", "sku", "cost", "status", "expectedVersion", "version", "createdAt", "updatedAt", "images",
            "postings", "soldAt", "soldPrice", "soldPlatform");
    private static final Set<String> MONEY_FIELDS = Set.of("price", "cost", "soldPrice");

    /** A create or full update; {@code expectedVersion} is what the client named as such, {@code version} may echo GET. */
    record Full(Optional<UUID> id, Optional<Long> expectedVersion, Optional<Long> version, ItemInput input) {
        Optional<Long> versionSeen() {
            return expectedVersion.or(() -> version);
        }
    }

    /** A partial update. */
    record Partial(Optional<UUID> id, Optional<Long> versionSeen, ItemPatch patch) {
    }

    static Full full(JsonNode node) {
        JsonFields body = JsonFields.of(node, FIELDS);
        Optional<UUID> id = body.uuid("id");
        Optional<Long> expected = version(body, "expectedVersion");
        Optional<Long> version = version(body, "version");
        agree(body, expected, version);
        String currency = currency(body);
        SaleInput sale = new SaleInput(body.instant("soldAt").orElse(null), money(body, "soldPrice", currency).orElse(null),
                body.text("soldPlatform").orElse(null));
        ItemInput input = new ItemInput(body.text("title").orElse(null), body.text("description").orElse(null),
                money(body, "price", currency).orElse(null), body.text("condition").orElse(null),
                body.text("category").orElse(null), body.text("sku").orElse(null), money(body, "cost", currency).orElse(null),
                body.text("status").orElse(null), sale.isEmpty() ? null : sale);
        body.throwIfInvalid();
        return new Full(id, expected, version, input);
    }

    static Partial partial(JsonNode node) {
        JsonFields body = JsonFields.of(node, FIELDS);
        Optional<UUID> id = body.uuid("id");
        Optional<Long> expected = version(body, "expectedVersion");
        Optional<Long> version = version(body, "version");
        agree(body, expected, version);
        String currency = currency(body);
        ItemPatch patch = new ItemPatch(textField(body, "title"), textField(body, "description"),
                moneyField(body, "price", currency), textField(body, "condition"), textField(body, "category"),
                textField(body, "sku"), moneyField(body, "cost", currency), textField(body, "status"),
                instantField(body, "soldAt"), moneyField(body, "soldPrice", currency), textField(body, "soldPlatform"));
        body.throwIfInvalid();
        return new Partial(id, expected.or(() -> version), patch);
    }

    private static Optional<Long> version(JsonFields body, String name) {
        return body.wholeNumber(name, "must be a whole number, the item's version");
    }

    private static void agree(JsonFields body, Optional<Long> expected, Optional<Long> version) {
        if (expected.isPresent() && version.isPresent() && !expected.equals(version)) {
            body.problem("expectedVersion", "must equal version when both are sent");
        }
    }

    /** The body's {@code currency}, which only bare amounts take. */
    private static String currency(JsonFields body) {
        Optional<String> currency = body.text("currency");
        if (currency.isPresent() && MONEY_FIELDS.stream().noneMatch(f -> body.present(f) && isBare(body.raw(f)))) {
            body.problem("currency", "applies to a price, cost or soldPrice sent as a bare amount; "
                    + "send {\"amount\": ..., \"currency\": ...} to change a currency");
        }
        return currency.orElse(null);
    }

    private static boolean isBare(JsonNode value) {
        return value.isNumber() || value.isTextual();
    }

    private static ItemPatch.Field<String> textField(JsonFields body, String name) {
        if (!body.present(name)) return ItemPatch.Field.keep();
        if (body.isNull(name)) return new ItemPatch.Field.Clear<>();
        return body.text(name).<ItemPatch.Field<String>>map(ItemPatch.Field.Set::new).orElse(ItemPatch.Field.keep());
    }

    private static ItemPatch.Field<java.time.Instant> instantField(JsonFields body, String name) {
        if (!body.present(name)) return ItemPatch.Field.keep();
        if (body.isNull(name)) return new ItemPatch.Field.Clear<>();
        return body.instant(name).<ItemPatch.Field<java.time.Instant>>map(ItemPatch.Field.Set::new).orElse(ItemPatch.Field.keep());
    }

    static Optional<MoneyInput> money(JsonFields body, String name, String currency) {
        return read(body, name, currency, false);
    }

    private static ItemPatch.Field<MoneyInput> moneyField(JsonFields body, String name, String currency) {
        if (!body.present(name)) return ItemPatch.Field.keep();
        if (body.isNull(name)) return new ItemPatch.Field.Clear<>();
        // In a patch, {"currency": "EUR"} alone keeps the amount (merge semantics).
        return read(body, name, currency, true).<ItemPatch.Field<MoneyInput>>map(ItemPatch.Field.Set::new)
                .orElse(ItemPatch.Field.keep());
    }

    private static Optional<MoneyInput> read(JsonFields body, String name, String currency, boolean amountOptional) {
        JsonNode value = body.raw(name);
        if (value == null || value.isNull()) return Optional.empty();
        MoneyJson.Parsed parsed = MoneyJson.parse(value, amountOptional);
        parsed.problems().forEach(p -> body.problem(name + p.field(), p.reason()));
        return parsed.money().map(m -> new MoneyInput(m.amount(), m.currency() != null ? m.currency() : currency));
    }
}
