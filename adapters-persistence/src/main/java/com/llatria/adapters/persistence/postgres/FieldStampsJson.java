package com.llatria.adapters.persistence.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.llatria.domain.item.FieldStamp;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.item.ItemField;
import com.llatria.domain.sync.Hlc;
import org.jooq.JSONB;

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
    private static final TypeReference<Map<String, StampJson>> TYPE = new TypeReference<>() {
    };

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

    static Map<ItemField, FieldStamp> read(String text) {
        try {
            Map<String, StampJson> json = JSON.readValue(text, TYPE);
            Map<ItemField, FieldStamp> stamps = new EnumMap<>(ItemField.class);
            json.forEach((field, stamp) -> {
                Map<DeviceId, Hlc> seen = new HashMap<>();
                if (stamp.seen() != null) stamp.seen().forEach((device, hlc) -> seen.put(new DeviceId(device), Hlc.decode(hlc)));
                stamps.put(ItemField.valueOf(field), new FieldStamp(Hlc.decode(stamp.stamp()), stamp.version(), seen));
            });
            return stamps;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable field stamps", e);
        }
    }
}
