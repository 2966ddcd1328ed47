package com.llatria.adapters.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.llatria.application.InvalidInput;
import com.llatria.application.Validation;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads a JSON object field by field, collecting every problem (unknown fields, wrong types) so
 * that one 400 names them all; {@link #throwIfInvalid} reports them. {@code prefix} names nested
 * objects in the report ("sale.soldAt").
 */
public final class JsonFields {
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final JsonNode node;
    private final String prefix;
    private final Validation v;

    private JsonFields(JsonNode node, String prefix, Validation v) {
        this.node = node;
        this.prefix = prefix;
        this.v = v;
    }

    /** The body's fields; anything but an object is refused at once. */
    public static JsonFields of(JsonNode node, Set<String> known) {
        if (node == null || !node.isObject()) throw InvalidInput.of("body", "must be a JSON object");
        JsonFields fields = new JsonFields(node, "", new Validation());
        fields.checkNames(known);
        return fields;
    }

    /** A nested object's fields, reporting into the same list; empty when absent or null. */
    public Optional<JsonFields> object(String name, Set<String> known) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) return Optional.empty();
        if (!value.isObject()) {
            problem(name, "must be an object");
            return Optional.empty();
        }
        JsonFields nested = new JsonFields(value, prefix + name + ".", v);
        nested.checkNames(known);
        return Optional.of(nested);
    }

    private void checkNames(Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) problem(name, "is not a known field");
        }
    }

    public boolean present(String name) {
        return node.has(name);
    }

    public boolean isNull(String name) {
        return node.has(name) && node.get(name).isNull();
    }

    public JsonNode raw(String name) {
        return node.get(name);
    }

    public void problem(String name, String reason) {
        v.check(false, prefix + name, reason);
    }

    public Optional<String> text(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) return Optional.empty();
        if (!value.isTextual()) {
            problem(name, "must be a string");
            return Optional.empty();
        }
        Optional<String> unacceptable = com.llatria.application.Text.problem(value.textValue());
        if (unacceptable.isPresent()) {
            problem(name, unacceptable.get());
            return Optional.empty();
        }
        return Optional.of(value.textValue());
    }

    public Optional<UUID> uuid(String name) {
        return text(name).flatMap(text -> {
            if (!CANONICAL_UUID.matcher(text).matches()) {
                problem(name, "must be a UUID such as 3f2b8c1e-9d4a-4e7b-8a6c-1f2e3d4c5b6a");
                return Optional.empty();
            }
            UUID id = UUID.fromString(text);
            if (id.getMostSignificantBits() == 0 && id.getLeastSignificantBits() == 0) {
                problem(name, "must not be the nil UUID");
                return Optional.empty();
            }
            return Optional.of(id);
        });
    }

    public Optional<Instant> instant(String name) {
        return text(name).flatMap(text -> {
            try {
                return Optional.of(Instant.parse(text));
            } catch (DateTimeParseException e) {
                problem(name, "must be an ISO-8601 instant such as 2026-11-25T10:00:00Z");
                return Optional.empty();
            }
        });
    }

    /** A whole number from 0 up. */
    public Optional<Long> wholeNumber(String name, String reason) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) return Optional.empty();
        boolean ok = value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= 0;
        if (!ok) problem(name, reason);
        return ok ? Optional.of(value.longValue()) : Optional.empty();
    }

    /** An array whose elements {@code element} reads (empty Optional and a problem for a bad element). */
    public <T> Optional<List<T>> array(String name, int max, Function<JsonNode, Optional<T>> element, String elementReason) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) return Optional.empty();
        if (!value.isArray()) {
            problem(name, "must be an array");
            return Optional.empty();
        }
        if (value.size() > max) {
            problem(name, "must hold at most " + max + " entries");
            return Optional.empty();
        }
        List<T> result = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            Optional<T> read = element.apply(value.get(i));
            if (read.isEmpty()) {
                problem(name + "[" + i + "]", elementReason);
            } else {
                result.add(read.get());
            }
        }
        return Optional.of(result);
    }

    public boolean valid() {
        return v.count() == 0;
    }

    public void throwIfInvalid() {
        v.throwIfInvalid();
    }
}
