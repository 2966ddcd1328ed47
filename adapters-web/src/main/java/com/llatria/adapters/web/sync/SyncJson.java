package com.llatria.adapters.web.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llatria.adapters.web.Json;
import com.llatria.adapters.web.inventory.ItemJson;
import com.llatria.application.inventory.ItemView;
import com.llatria.domain.item.FieldStamp;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemField;
import com.llatria.domain.item.ItemValue;
import com.llatria.domain.sync.Conflict;
import com.llatria.domain.sync.RecordedConflict;

import java.util.Map;

/** Sync's JSON: changes as pull and events show them, and recorded conflicts. */
public final class SyncJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SyncJson() {
    }

    /**
     * One entity's change: {@code {"entity": "item", "id", "version", "deleted", "data", "stamps"}};
     * {@code data} is the item as {@code GET /api/inventory/:id} shows it (null once deleted).
     */
    public static ObjectNode change(ItemView view) {
        Item item = view.item();
        ObjectNode node = NODES.objectNode();
        node.put("entity", "item");
        node.put("id", item.id().toString());
        node.put("version", item.version());
        node.put("deleted", item.deleted());
        node.set("data", item.deleted() ? NODES.nullNode() : Json.MAPPER.valueToTree(ItemJson.from(view)));
        ObjectNode stamps = node.putObject("stamps");
        for (Map.Entry<ItemField, FieldStamp> entry : new java.util.TreeMap<>(item.stamps()).entrySet()) {
            stamps.put(entry.getKey().wireName(), entry.getValue().stamp().encode());
        }
        item.deletion().ifPresent(d -> stamps.put("deleted", d.stamp().encode()));
        return node;
    }

    /**
     * {@code {"id", "entity": "item", "entityId", "version", "deviceId", "recordedAt", "kind": "field", "field",
     * "winner": "server"|"incoming", "server": {"value", "hlc", "deviceId"}, "incoming": {…}}} or, for a
     * delete that met an edit, {@code "kind": "delete", "deleted": {"hlc", "deviceId"}, "edits": {"price": {"value", "hlc", "deviceId"}}}.
     */
    public static ObjectNode conflict(RecordedConflict recorded) {
        ObjectNode node = NODES.objectNode();
        node.put("id", recorded.id().toString());
        node.put("entity", "item");
        node.put("entityId", recorded.item().toString());
        node.put("version", recorded.version());
        node.put("deviceId", recorded.device().value());
        node.put("recordedAt", recorded.at().toString());
        if (recorded.conflict() instanceof Conflict.FieldConflict<ItemField, ItemValue> f) {
            node.put("kind", "field");
            node.put("field", f.field().wireName());
            node.put("winner", f.incomingWon() ? "incoming" : "server");
            node.set("server", side(f.serverValue(), f.serverStamp()));
            node.set("incoming", side(f.incomingValue(), f.incomingStamp()));
        } else {
            Conflict.DeleteConflict<ItemField, ItemValue> d = (Conflict.DeleteConflict<ItemField, ItemValue>) recorded.conflict();
            node.put("kind", "delete");
            ObjectNode deleted = node.putObject("deleted");
            deleted.put("hlc", d.deleteStamp().encode());
            deleted.put("deviceId", d.deleteStamp().device().value());
            ObjectNode edits = node.putObject("edits");
            new java.util.TreeMap<>(d.edits()).forEach((field, write) -> edits.set(field.wireName(), side(write.value(), write.stamp())));
        }
        node.put("resolvedAt", recorded.resolution().map(r -> r.at().toString()).orElse(null));
        node.put("resolution", recorded.resolution().map(r -> r.choice().name().toLowerCase(java.util.Locale.ROOT)).orElse(null));
        return node;
    }

    private static JsonNode side(ItemValue value, com.llatria.domain.sync.Hlc stamp) {
        ObjectNode node = NODES.objectNode();
        node.set("value", SyncValueCodec.encode(value));
        node.put("hlc", stamp.encode());
        node.put("deviceId", stamp.device().value());
        return node;
    }
}
