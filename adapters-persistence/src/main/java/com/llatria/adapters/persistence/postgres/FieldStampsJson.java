package com.llatria.adapters.persistence.postgres;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.llatria.domain.item.FieldStamp;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.item.ItemField;
import com.llatria.domain.sync.Hlc;
import org.jooq.JSONB;

import java.io.IOException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.TreeMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code {"TITLE": {"stamp": "0001732…-00000-phone", "version": 12, "seen": {"phone": "0001732…-00000-phone"}}, …}};
 * {@code seen} is absent when empty (and in rows written before it existed).
 */
final class FieldStampsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record StampJson(String stamp, long version, Map<String, String> seen) {
    }

    private FieldStampsJson() {
    }

    static JSONB write(Map<ItemField, FieldStamp> stamps) {
        Map<String, StampJson> json = new LinkedHashMap<>();
        stamps.forEach((field, stamp) -> {
            Map<String, String> seen = new TreeMap<>();
            stamp.seen().forEach((device, hlc) -> seen.put(device.value(), hlc.encode()));
            json.put(field.name(), new StampJson(stamp.stamp().encode(), stamp.version(), seen));
        });
        try {
            return JSONB.valueOf(JSON.writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<ItemField, FieldStamp> read(JSONB jsonb) {
        return read(jsonb.data());
    }

    /**
     * Read with the streaming parser: pull reads eight of these per item, a data-bound read cost more than the rest of the row.
     * The eight stamps mostly name one device: its id is made (and checked) once per read, and a stamp that has seen no
     * other device shares the one empty map.
     */
    static Map<ItemField, FieldStamp> read(String text) {
        try (JsonParser p = JSON.getFactory().createParser(text)) {
            Map<ItemField, FieldStamp> stamps = new EnumMap<>(ItemField.class);
            Devices devices = new Devices();
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                ItemField field = ItemField.valueOf(p.currentName());
                expect(p.nextToken(), JsonToken.START_OBJECT);
                Hlc stamp = null;
                Long version = null;
                Map<DeviceId, Hlc> seen = Map.of();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    switch (name) {
                        case "stamp" -> stamp = value == JsonToken.VALUE_NULL ? null : devices.decode(p.getText());
                        case "version" -> version = p.getLongValue();
                        case "seen" -> {
                            if (value == JsonToken.VALUE_NULL) break;
                            expect(value, JsonToken.START_OBJECT);
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                DeviceId device = new DeviceId(p.currentName());
                                p.nextToken();
                                if (seen.isEmpty()) seen = new HashMap<>();
                                seen.put(device, devices.decode(p.getText()));
                            }
                        }
                        default -> throw new IllegalStateException("unknown key " + name);
                    }
                }
                if (stamp == null || version == null) throw new IllegalStateException("a field stamp needs its stamp and version");
                stamps.put(field, new FieldStamp(stamp, version, seen));
            }
            return stamps;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("unreadable field stamps", e);
        }
    }

    /** {@link Hlc#decode}, reusing the device id of the previous stamp when the text names the same device. */
    private static final class Devices {
        private DeviceId last;

        Hlc decode(String text) {
            int first = text.indexOf('-');
            int second = first < 0 ? -1 : text.indexOf('-', first + 1);
            if (second < 0) throw new IllegalArgumentException("not an HLC stamp: " + text);
            int length = text.length() - second - 1;
            DeviceId device = last;
            if (device == null || device.value().length() != length || !text.regionMatches(second + 1, device.value(), 0, length)) {
                device = new DeviceId(text.substring(second + 1));
                last = device;
            }
            return new Hlc(Long.parseLong(text, 0, first, 10), Integer.parseInt(text, first + 1, second, 10), device);
        }
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) throw new IllegalStateException("expected " + expected + ", found " + actual);
    }

    /** A per-device map of stamps, {@code {"phone": "0001764…-00000-phone"}}; null when empty. */
    static JSONB writeSeen(Map<DeviceId, Hlc> seen) {
        if (seen.isEmpty()) return null;
        Map<String, String> json = new TreeMap<>();
        seen.forEach((device, hlc) -> json.put(device.value(), hlc.encode()));
        try {
            return JSONB.valueOf(JSON.writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What {@link #writeSeen} wrote; null (no column value) is empty. */
    static Map<DeviceId, Hlc> readSeen(String text) {
        if (text == null) return Map.of();
        try {
            Map<String, String> json = JSON.readValue(text, new com.fasterxml.jackson.core.type.TypeReference<TreeMap<String, String>>() {
            });
            Map<DeviceId, Hlc> seen = new HashMap<>();
            json.forEach((device, hlc) -> seen.put(new DeviceId(device), Hlc.decode(hlc)));
            return seen;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
