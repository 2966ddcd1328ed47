package com.llatria.adapters.web.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llatria.adapters.web.Json;
import com.llatria.adapters.web.inventory.MoneyJson;
import com.llatria.application.FieldError;
import com.llatria.domain.item.Condition;
import com.llatria.domain.item.ItemField;
import com.llatria.domain.item.ItemStatus;
import com.llatria.domain.item.ItemValue;
import com.llatria.domain.item.Lifecycle;
import com.llatria.domain.item.Money;
import com.llatria.domain.item.Sale;
import com.llatria.domain.item.SalesChannel;
import com.llatria.application.Text;
import com.llatria.domain.sync.Hlc;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one codec between a sync field's JSON value and the domain's typed value, both ways.
 * Values have the REST item JSON's shapes ({@code "used"}, {@code {"amount": "20.00", "currency": "USD"}});
 * {@code status} carries the sale with it, as one field. Decoding reports every problem as a
 * field error and never throws: a malformed value rejects its mutation, nothing else.
 */
public final class SyncValueCodec {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SyncValueCodec() {
    }

    /** A decoded value, or the problems that kept it from being one. */
    public record Decoded(Optional<ItemValue> value, List<FieldError> errors) {
        static Decoded of(ItemValue value) {
            return new Decoded(Optional.of(value), List.of());
        }

        static Decoded problem(String field, String reason) {
            return new Decoded(Optional.empty(), List.of(new FieldError(field, reason)));
        }
    }

    /**
     * @param path  where the value sits in the request, for error messages ({@code mutations[2].fields.price.value})
     * @param stamp the write's stamp: a bare {@code "sold"} is a sale at the stamp's time
     */
    public static Decoded decode(ItemField field, JsonNode node, String path, Hlc stamp) {
        boolean absent = node == null || node.isNull();
        return switch (field) {
            case TITLE -> text(node, false).map(t -> build(path, () -> new ItemValue.Title(t))).orElseGet(() -> textProblem(node, path));
            case DESCRIPTION -> absent ? Decoded.of(new ItemValue.Description(""))
                    : text(node, true).map(t -> build(path, () -> new ItemValue.Description(t))).orElseGet(() -> textProblem(node, path));
            case PRICE -> {
                MoneyResult price = moneyResult(node, path);
                yield price.money().map(m -> Decoded.of(new ItemValue.Price(m))).orElse(price.problem());
            }
            case CONDITION -> {
                if (absent) yield Decoded.of(new ItemValue.ConditionValue(Optional.empty()));
                Optional<Condition> condition = node.isTextual() ? Condition.fromWire(node.textValue()) : Optional.empty();
                yield condition.map(c -> Decoded.of(new ItemValue.ConditionValue(Optional.of(c))))
                        .orElseGet(() -> Decoded.problem(path, "must be one of " + names(Condition.values()) + ", or null"));
            }
            case CATEGORY -> absent || isBlankText(node) ? Decoded.of(new ItemValue.Category(Optional.empty()))
                    : text(node, false).map(t -> build(path, () -> new ItemValue.Category(Optional.of(t)))).orElseGet(() -> textProblem(node, path));
            case SKU -> absent || isBlankText(node) ? Decoded.of(new ItemValue.Sku(Optional.empty()))
                    : text(node, false).map(t -> build(path, () -> new ItemValue.Sku(Optional.of(t)))).orElseGet(() -> textProblem(node, path));
            case COST -> {
                if (absent) yield Decoded.of(new ItemValue.Cost(Optional.empty()));
                MoneyResult cost = moneyResult(node, path);
                yield cost.money().map(m -> Decoded.of(new ItemValue.Cost(Optional.of(m)))).orElse(cost.problem());
            }
            case LIFECYCLE -> lifecycle(node, path, stamp);
        };
    }

    /** The value as the item's JSON shows it. */
    public static JsonNode encode(ItemValue value) {
        if (value instanceof ItemValue.Title t) return NODES.textNode(t.value());
        if (value instanceof ItemValue.Description d) return NODES.textNode(d.value());
        if (value instanceof ItemValue.Price p) return money(p.value());
        if (value instanceof ItemValue.ConditionValue c) return c.value().map(x -> (JsonNode) NODES.textNode(x.wireName())).orElse(NODES.nullNode());
        if (value instanceof ItemValue.Category c) return c.value().map(x -> (JsonNode) NODES.textNode(x)).orElse(NODES.nullNode());
        if (value instanceof ItemValue.Sku s) return s.value().map(x -> (JsonNode) NODES.textNode(x)).orElse(NODES.nullNode());
        if (value instanceof ItemValue.Cost c) return c.value().map(SyncValueCodec::money).orElse(NODES.nullNode());
        Lifecycle lifecycle = ((ItemValue.Status) value).value();
        ObjectNode node = NODES.objectNode();
        node.put("status", lifecycle.status().wireName());
        Optional<Sale> sale = lifecycle.sale();
        node.put("soldAt", sale.map(s -> s.soldAt().toString()).orElse(null));
        node.set("soldPrice", sale.flatMap(Sale::soldPrice).map(SyncValueCodec::money).orElse(NODES.nullNode()));
        node.put("soldPlatform", sale.flatMap(Sale::channel).map(SalesChannel::wireName).orElse(null));
        return node;
    }

    private static JsonNode money(Money money) {
        return Json.MAPPER.valueToTree(MoneyJson.from(money));
    }

    private interface ValueMaker {
        ItemValue make();
    }

    /** The value's own rules (length, blank) are the domain's; their message becomes the field error. */
    private static Decoded build(String path, ValueMaker maker) {
        try {
            return Decoded.of(maker.make());
        } catch (IllegalArgumentException e) {
            return Decoded.problem(path, e.getMessage());
        }
    }

    private static Optional<String> text(JsonNode node, boolean blankAllowed) {
        if (node == null || !node.isTextual()) return Optional.empty();
        String text = node.textValue();
        if (!Text.isAcceptable(text)) return Optional.empty();
        if (!blankAllowed && text.isBlank()) return Optional.empty();
        return Optional.of(text);
    }

    private static Decoded textProblem(JsonNode node, String path) {
        if (node == null || node.isNull()) return Decoded.problem(path, "is required");
        if (!node.isTextual()) return Decoded.problem(path, "must be a string");
        Optional<String> bad = Text.problem(node.textValue());
        if (bad.isPresent()) return Decoded.problem(path, bad.get());
        return Decoded.problem(path, "must not be blank");
    }

    private static boolean isBlankText(JsonNode node) {
        return node.isTextual() && node.textValue().isBlank();
    }

    /** The money, or (when empty) the problem. */
    private record MoneyResult(Optional<Money> money, Decoded problem) {
    }

    private static MoneyResult moneyResult(JsonNode node, String path) {
        if (node == null || node.isNull()) return new MoneyResult(Optional.empty(), Decoded.problem(path, "is required"));
        MoneyJson.Parsed parsed = MoneyJson.parse(node);
        if (parsed.money().isEmpty()) {
            return new MoneyResult(Optional.empty(), new Decoded(Optional.empty(), parsed.problems().stream()
                    .map(p -> new FieldError(path + p.field(), p.reason())).toList()));
        }
        BigDecimal amount = parsed.money().get().amount();
        List<String> problems = Money.problems(amount);
        if (!problems.isEmpty()) return new MoneyResult(Optional.empty(), Decoded.problem(path + ".amount", String.join(", ", problems)));
        String code = parsed.money().get().currency();
        Optional<Currency> currency = code == null ? Optional.of(Money.DEFAULT_CURRENCY) : currency(code);
        if (currency.isEmpty()) {
            return new MoneyResult(Optional.empty(), Decoded.problem(path + ".currency", "must be an ISO 4217 code such as USD or EUR"));
        }
        return new MoneyResult(Optional.of(new Money(amount, currency.get())), null);
    }

    private static Optional<Currency> currency(String code) {
        if (!code.matches("[A-Z]{3}")) return Optional.empty();
        try {
            return Optional.of(Currency.getInstance(code));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Decoded lifecycle(JsonNode node, String path, Hlc stamp) {
        if (node != null && node.isTextual()) {
            Optional<ItemStatus> status = ItemStatus.fromWire(node.textValue());
            if (status.isEmpty()) return Decoded.problem(path, "must be one of " + names(ItemStatus.values()));
            if (status.get() != ItemStatus.SOLD) return Decoded.of(new ItemValue.Status(Lifecycle.of(status.get())));
            // A bare "sold": sold when the device says it was, by its stamp, so every replay decodes the same.
            return Decoded.of(new ItemValue.Status(Lifecycle.sold(new Sale(Instant.ofEpochMilli(stamp.wallMillis()),
                    Optional.empty(), Optional.empty()))));
        }
        if (node == null || !node.isObject()) {
            return Decoded.problem(path, "must be a status (draft, active, sold) or {\"status\": \"sold\", \"soldAt\": …, \"soldPrice\": …, \"soldPlatform\": …}");
        }
        List<FieldError> errors = new ArrayList<>();
        for (var names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!List.of("status", "soldAt", "soldPrice", "soldPlatform").contains(name)) errors.add(new FieldError(path + "." + name, "is not a known field"));
        }
        JsonNode statusNode = node.get("status");
        Optional<ItemStatus> status = statusNode != null && statusNode.isTextual() ? ItemStatus.fromWire(statusNode.textValue()) : Optional.empty();
        if (status.isEmpty()) errors.add(new FieldError(path + ".status", "must be one of " + names(ItemStatus.values())));
        boolean sold = status.filter(s -> s == ItemStatus.SOLD).isPresent();
        Instant soldAt = Instant.ofEpochMilli(stamp.wallMillis());
        JsonNode soldAtNode = node.get("soldAt");
        if (soldAtNode != null && !soldAtNode.isNull()) {
            if (!sold) errors.add(new FieldError(path + ".soldAt", "is only for status sold"));
            try {
                soldAt = Instant.parse(soldAtNode.asText());
                if (soldAt.isBefore(Instant.parse("1970-01-01T00:00:00Z")) || soldAt.isAfter(Instant.parse("9999-12-31T00:00:00Z"))) {
                    errors.add(new FieldError(path + ".soldAt", "is out of range"));
                }
            } catch (DateTimeParseException e) {
                errors.add(new FieldError(path + ".soldAt", "must be an ISO-8601 instant such as 2026-11-25T10:00:00Z"));
            }
        }
        Optional<Money> soldPrice = Optional.empty();
        JsonNode priceNode = node.get("soldPrice");
        if (priceNode != null && !priceNode.isNull()) {
            if (!sold) errors.add(new FieldError(path + ".soldPrice", "is only for status sold"));
            MoneyResult price = moneyResult(priceNode, path + ".soldPrice");
            if (price.money().isEmpty()) errors.addAll(price.problem().errors());
            soldPrice = price.money();
        }
        Optional<SalesChannel> channel = Optional.empty();
        JsonNode platformNode = node.get("soldPlatform");
        if (platformNode != null && !platformNode.isNull()) {
            if (!sold) errors.add(new FieldError(path + ".soldPlatform", "is only for status sold"));
            channel = platformNode.isTextual() ? SalesChannel.fromWire(platformNode.textValue()) : Optional.empty();
            if (channel.isEmpty()) errors.add(new FieldError(path + ".soldPlatform", "must be one of " + names(SalesChannel.values())));
        }
        if (!errors.isEmpty()) return new Decoded(Optional.empty(), errors);
        Lifecycle lifecycle = sold ? Lifecycle.sold(new Sale(soldAt, soldPrice, channel)) : Lifecycle.of(status.get());
        return Decoded.of(new ItemValue.Status(lifecycle));
    }

    private static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }
}
