package com.llatria.adapters.persistence.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llatria.domain.item.Condition;
import com.llatria.domain.item.ItemField;
import com.llatria.domain.item.ItemStatus;
import com.llatria.domain.item.ItemValue;
import com.llatria.domain.item.Lifecycle;
import com.llatria.domain.item.Money;
import com.llatria.domain.item.Sale;
import com.llatria.domain.item.SalesChannel;
import com.llatria.domain.sync.Conflict;
import com.llatria.domain.sync.Hlc;
import com.llatria.domain.sync.Write;
import org.jooq.JSONB;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The stored shape of a recorded conflict (this adapter's own, not the API's):
 * {@code {"kind": "field", "field": "TITLE", "serverValue": …, "serverStamp": "…", "incomingValue": …, "incomingStamp": "…"}}
 * or {@code {"kind": "delete", "deleteStamp": "…", "edits": {"TITLE": {"value": …, "stamp": "…"}}}}.
 */
final class ConflictJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ConflictJson() {
    }

    static JSONB write(Conflict<ItemField, ItemValue> conflict) {
        ObjectNode node = NODES.objectNode();
        if (conflict instanceof Conflict.FieldConflict<ItemField, ItemValue> f) {
            node.put("kind", "field");
            node.put("field", f.field().name());
            node.set("serverValue", value(f.serverValue()));
            node.put("serverStamp", f.serverStamp().encode());
            node.set("incomingValue", value(f.incomingValue()));
            node.put("incomingStamp", f.incomingStamp().encode());
        } else if (conflict instanceof Conflict.DeleteConflict<ItemField, ItemValue> d) {
            node.put("kind", "delete");
            node.put("deleteStamp", d.deleteStamp().encode());
            ObjectNode edits = node.putObject("edits");
            d.edits().forEach((field, write) -> {
                ObjectNode edit = edits.putObject(field.name());
                edit.set("value", value(write.value()));
                edit.put("stamp", write.stamp().encode());
            });
        }
        return JSONB.valueOf(node.toString());
    }

    static Conflict<ItemField, ItemValue> read(JSONB jsonb) {
        try {
            JsonNode node = JSON.readTree(jsonb.data());
            if (node.get("kind").asText().equals("field")) {
                ItemField field = ItemField.valueOf(node.get("field").asText());
                return new Conflict.FieldConflict<>(field, value(field, node.get("serverValue")),
                        Hlc.decode(node.get("serverStamp").asText()), value(field, node.get("incomingValue")),
                        Hlc.decode(node.get("incomingStamp").asText()));
            }
            Map<ItemField, Write<ItemValue>> edits = new EnumMap<>(ItemField.class);
            Iterator<Map.Entry<String, JsonNode>> it = node.get("edits").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> entry = it.next();
                ItemField field = ItemField.valueOf(entry.getKey());
                edits.put(field, new Write<>(value(field, entry.getValue().get("value")),
                        Hlc.decode(entry.getValue().get("stamp").asText())));
            }
            return new Conflict.DeleteConflict<>(Hlc.decode(node.get("deleteStamp").asText()), edits);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable conflict", e);
        }
    }

    private static JsonNode value(ItemValue value) {
        if (value instanceof ItemValue.Title t) return NODES.textNode(t.value());
        if (value instanceof ItemValue.Description d) return NODES.textNode(d.value());
        if (value instanceof ItemValue.Price p) return money(p.value());
        if (value instanceof ItemValue.ConditionValue c) return c.value().map(x -> (JsonNode) NODES.textNode(x.wireName())).orElse(NODES.nullNode());
        if (value instanceof ItemValue.Category c) return c.value().map(x -> (JsonNode) NODES.textNode(x)).orElse(NODES.nullNode());
        if (value instanceof ItemValue.Sku s) return s.value().map(x -> (JsonNode) NODES.textNode(x)).orElse(NODES.nullNode());
        if (value instanceof ItemValue.Cost c) return c.value().map(m -> (JsonNode) money(m)).orElse(NODES.nullNode());
        ItemValue.Status s = (ItemValue.Status) value;
        ObjectNode node = NODES.objectNode();
        node.put("status", s.value().status().wireName());
        s.value().sale().ifPresent(sale -> {
            node.put("soldAt", sale.soldAt().toString());
            sale.soldPrice().ifPresent(m -> node.set("soldPrice", money(m)));
            sale.channel().ifPresent(c -> node.put("channel", c.wireName()));
        });
        return node;
    }

    private static ItemValue value(ItemField field, JsonNode node) {
        boolean absent = node == null || node.isNull();
        return switch (field) {
            case TITLE -> new ItemValue.Title(node.asText());
            case DESCRIPTION -> new ItemValue.Description(node.asText());
            case PRICE -> new ItemValue.Price(money(node));
            case CONDITION -> new ItemValue.ConditionValue(absent ? Optional.empty() : Condition.fromWire(node.asText()));
            case CATEGORY -> new ItemValue.Category(absent ? Optional.empty() : Optional.of(node.asText()));
            case SKU -> new ItemValue.Sku(absent ? Optional.empty() : Optional.of(node.asText()));
            case COST -> new ItemValue.Cost(absent ? Optional.empty() : Optional.of(money(node)));
            case LIFECYCLE -> {
                ItemStatus status = ItemStatus.fromWire(node.get("status").asText()).orElseThrow();
                yield new ItemValue.Status(status != ItemStatus.SOLD ? Lifecycle.of(status) : Lifecycle.sold(new Sale(
                        Instant.parse(node.get("soldAt").asText()),
                        Optional.ofNullable(node.get("soldPrice")).map(ConflictJson::money),
                        Optional.ofNullable(node.get("channel")).flatMap(c -> SalesChannel.fromWire(c.asText())))));
            }
        };
    }

    private static ObjectNode money(Money money) {
        ObjectNode node = NODES.objectNode();
        node.put("amount", money.amount().toPlainString());
        node.put("currency", money.currency().getCurrencyCode());
        return node;
    }

    private static Money money(JsonNode node) {
        return new Money(new BigDecimal(node.get("amount").asText()), Currency.getInstance(node.get("currency").asText()));
    }
}
