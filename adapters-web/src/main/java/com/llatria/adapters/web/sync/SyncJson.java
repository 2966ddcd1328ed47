package com.llatria.adapters.web.sync;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llatria.adapters.web.Json;
import com.llatria.adapters.web.inventory.ItemJson;
import com.llatria.adapters.web.inventory.ItemJsonWriter;
import com.llatria.application.inventory.ItemView;
import com.llatria.application.sync.SyncPull;
import com.llatria.application.sync.SyncPush;
import com.llatria.adapters.web.Problems;
import com.llatria.domain.item.FieldStamp;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemField;
import com.llatria.domain.item.ItemValue;
import com.llatria.domain.sync.Conflict;
import com.llatria.domain.sync.Hlc;
import com.llatria.domain.sync.RecordedConflict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
    public static void writeChange(JsonGenerator out, ItemView view) throws IOException {
        out.writeStartObject();
        writeChangeFields(out, view);
        out.writeEndObject();
    }

    /**
     * The fields of {@link #writeChange}, inside an object the caller opened. Written straight to
     * the output: no tree per item, and the item's JSON is what the REST API writes for its
     * {@link ItemJson}, byte for byte ({@link ItemJsonWriter}, which writes it without the records).
     */
    public static void writeChangeFields(JsonGenerator out, ItemView view) throws IOException {
        Item item = view.item();
        out.writeStringField("entity", "item");
        out.writeStringField("id", item.id().toString());
        out.writeNumberField("version", item.version());
        out.writeBooleanField("deleted", item.deleted());
        out.writeFieldName("data");
        if (item.deleted()) out.writeNull();
        else ItemJsonWriter.write(out, view);
        out.writeObjectFieldStart("stamps");
        Map<ItemField, FieldStamp> stamps = item.stamps();
        for (int i = 0; i < FIELDS.length; i++) {
            FieldStamp stamp = stamps.get(FIELDS[i]);
            if (stamp != null) {
                out.writeFieldName(FIELD_NAMES[i]);
                hlc(out, stamp.stamp());
            }
        }
        if (item.deletion().isPresent()) {
            out.writeFieldName("deleted");
            hlc(out, item.deletion().get().stamp());
        }
        out.writeEndObject();
    }

    /** {@link Hlc#encode}'s text, written without the intermediate strings (eight stamps an item on every page). */
    static void hlc(JsonGenerator out, Hlc hlc) throws IOException {
        String device = hlc.device().value();
        long millis = hlc.wallMillis();
        int counter = hlc.counter();
        if (millis >= 10_000_000_000_000_000L || counter > 99_999) {
            out.writeString(hlc.encode());
            return;
        }
        char[] text = new char[23 + device.length()];
        for (int i = 15; i >= 0; i--, millis /= 10) text[i] = (char) ('0' + millis % 10);
        text[16] = '-';
        for (int i = 21; i >= 17; i--, counter /= 10) text[i] = (char) ('0' + counter % 10);
        text[22] = '-';
        device.getChars(0, device.length(), text, 23);
        out.writeString(text, 0, text.length);
    }

    /** A page of changes as pull answers it and the catch-up sends it: {@code {[type,] "changes": […], "cursor", "hasMore"}}. */
    public static byte[] page(String type, SyncPull.Page page) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(Math.max(512, page.changes().size() * 1024));
        try (JsonGenerator out = Json.MAPPER.createGenerator(bytes)) {
            out.writeStartObject();
            if (type != null) out.writeStringField("type", type);
            out.writeArrayFieldStart("changes");
            for (ItemView view : page.changes()) writeChange(out, view);
            out.writeEndArray();
            out.writeNumberField("cursor", page.cursor());
            out.writeBooleanField("hasMore", page.hasMore());
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Push's answer: {@code {"version", "results": [{"mutationId", "status", "version", "conflicts",
     * "keptOut", "problem"?}], "current": [changes as pull shows them]}}; {@code current} holds,
     * once each, the items on which some mutation has something kept out (finding 7.19).
     */
    public static byte[] pushAnswer(SyncPush.Result result, String path) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(512 + result.results().size() * 96 + result.current().size() * 1024);
        try (JsonGenerator out = Json.MAPPER.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeNumberField("version", result.version());
            out.writeArrayFieldStart("results");
            for (SyncPush.Outcome outcome : result.results()) {
                out.writeStartObject();
                out.writeNumberField("mutationId", outcome.mutationId());
                out.writeStringField("status", outcome.status().name().toLowerCase(java.util.Locale.ROOT));
                out.writeNumberField("version", outcome.version());
                out.writeArrayFieldStart("conflicts");
                for (RecordedConflict c : outcome.conflicts()) out.writeTree(conflict(c));
                out.writeEndArray();
                out.writeArrayFieldStart("keptOut");
                for (String name : outcome.keptOut()) out.writeString(name);
                out.writeEndArray();
                if (outcome.problem().isPresent()) {
                    out.writeFieldName("problem");
                    out.writeObject(Problems.toProblem(outcome.problem().get(), path));
                }
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeArrayFieldStart("current");
            for (ItemView view : result.current()) writeChange(out, view);
            out.writeEndArray();
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A live event: {@code {"type", …the change…, "deviceId"}}. */
    public static String event(String type, ItemView view, String deviceId) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(2048);
        try (JsonGenerator out = Json.MAPPER.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeStringField("type", type);
            writeChangeFields(out, view);
            out.writeStringField("deviceId", deviceId);
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }

    private static final ItemField[] FIELDS = ItemField.values();
    private static final com.fasterxml.jackson.core.SerializableString[] FIELD_NAMES = java.util.Arrays.stream(FIELDS)
            .map(f -> new com.fasterxml.jackson.core.io.SerializedString(f.wireName()))
            .toArray(com.fasterxml.jackson.core.SerializableString[]::new);

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
