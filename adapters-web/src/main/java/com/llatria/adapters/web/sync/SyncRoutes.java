package com.llatria.adapters.web.sync;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llatria.adapters.web.Json;
import com.llatria.adapters.web.Problems;
import com.llatria.adapters.web.RequestContext;
import com.llatria.adapters.web.inventory.ItemJson;
import com.llatria.application.FieldError;
import com.llatria.application.UseCaseException;
import com.llatria.application.UseCaseException.Kind;
import com.llatria.application.sync.Mutation;
import com.llatria.application.sync.SyncConflicts;
import com.llatria.application.sync.SyncPull;
import com.llatria.application.sync.SyncPush;
import com.llatria.domain.item.ItemField;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemValue;
import com.llatria.domain.sync.ConflictCursor;
import com.llatria.domain.sync.ConflictId;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.Hlc;
import com.llatria.domain.sync.RecordedConflict;
import com.llatria.domain.sync.Write;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** /api/sync: push, pull, where a device stands, and conflict review. */
public final class SyncRoutes {
    /** A push body larger than this is refused whole (413) before it is parsed. */
    public static final int MAX_PUSH_BYTES = 5 * 1024 * 1024;
    /**
     * JSON tokens in a push body: a 500-mutation batch writing every field holds about 75,000, so
     * a body within 5 MB but made of (say) a million tiny values is refused before it becomes a
     * tree of as many nodes (finding 7.16).
     */
    public static final long MAX_PUSH_TOKENS = 200_000;
    /** Field errors listed per mutation; the rest are counted, so bad input costs the server about what it cost the client. */
    static final int MAX_ERRORS_PER_MUTATION = 10;
    private static final JsonFactory PUSH_JSON = Json.MAPPER.getFactory().copy()
            .setStreamReadConstraints(StreamReadConstraints.builder().maxTokenCount(MAX_PUSH_TOKENS).build());
    private static final Set<String> PUSH_KEYS = Set.of("deviceId", "schemaVersion", "mutations");
    private static final Set<String> PULL_KEYS = Set.of("deviceId", "schemaVersion", "cursor", "limit");
    private static final Set<String> MUTATION_KEYS = Set.of("mutationId", "entity", "id", "op", "baseVersion", "fields", "hlc");

    private final SyncPush push;
    private final SyncPull pull;
    private final SyncConflicts conflicts;

    private final Clock clock;

    public SyncRoutes(SyncPush push, SyncPull pull, SyncConflicts conflicts, Clock clock) {
        this.clock = clock;
        this.push = push;
        this.pull = pull;
        this.conflicts = conflicts;
    }

    public void push(Context ctx, RequestContext request) {
        JsonNode body = boundedBody(ctx, MAX_PUSH_BYTES);
        List<FieldError> errors = new ArrayList<>();
        unknownKeys(body, PUSH_KEYS, "", errors);
        DeviceId device = deviceId(body, errors);
        int schema = schemaVersion(body, errors);
        JsonNode list = body.get("mutations");
        if (list == null || !list.isArray()) errors.add(new FieldError("mutations", "must be an array"));
        List<Mutation> mutations = new ArrayList<>();
        if (list != null && list.isArray()) {
            if (list.size() > SyncPush.MAX_MUTATIONS) {
                throw new UseCaseException(Kind.TOO_LARGE, "batch-too-large", "Batch too large",
                        "a push carries at most " + SyncPush.MAX_MUTATIONS + " mutations; send the rest in the next batch")
                        .withErrors(List.of(new FieldError("mutations", "must hold at most " + SyncPush.MAX_MUTATIONS + " mutations")));
            }
            for (int i = 0; i < list.size(); i++) {
                JsonNode m = list.get(i);
                JsonNode id = m == null ? null : m.get("mutationId");
                if (m == null || !m.isObject() || id == null || !id.canConvertToLong() || !id.isIntegralNumber()) {
                    // Without its id a mutation cannot even be recorded as processed: the batch goes back whole.
                    errors.add(new FieldError("mutations[" + i + "].mutationId", "must be a whole number"));
                    continue;
                }
                if (device != null) mutations.add(mutation(m, "mutations[" + i + "]", device));
            }
        }
        if (!errors.isEmpty()) throw invalid(errors);
        SyncPush.Result result = push.push(request.user(), device, schema, mutations);
        ctx.status(200).contentType("application/json").result(SyncJson.pushAnswer(result, ctx.path()));
    }

    public void pull(Context ctx, RequestContext request) {
        JsonNode body = Json.tree(ctx);
        List<FieldError> errors = new ArrayList<>();
        unknownKeys(body, PULL_KEYS, "", errors);
        DeviceId device = deviceId(body, errors);
        int schema = schemaVersion(body, errors);
        long cursor = wholeNumber(body.get("cursor"), "cursor", errors, 0L);
        long limit = wholeNumber(body.get("limit"), "limit", errors, (long) SyncPull.DEFAULT_LIMIT);
        if (!errors.isEmpty()) throw invalid(errors);
        SyncPull.Page page = pull.pull(request.user(), device, schema, cursor, (int) Math.min(limit, Integer.MAX_VALUE));
        ctx.status(200).contentType("application/json").result(SyncJson.page(null, page));
    }

    /** {@code ?deviceId=} or the X-Device-Id header. */
    public void lastSync(Context ctx, RequestContext request) {
        String param = ctx.queryParam("deviceId");
        DeviceId device = request.device();
        if (param != null) {
            if (!DeviceId.isValid(param)) throw invalid(List.of(new FieldError("deviceId", "must be 1-64 letters, digits, '.', '_' or '-'")));
            device = new DeviceId(param);
        }
        SyncPull.LastSync last = pull.lastSync(request.user(), device);
        Json.respond(ctx, 200, Map.of("version", last.version(), "deviceId", device.value(),
                "lastMutationId", last.lastMutationId(), "lastPullCursor", last.lastPullCursor()));
    }

    public void conflicts(Context ctx, RequestContext request) {
        List<FieldError> errors = new ArrayList<>();
        int limit = SyncConflicts.DEFAULT_LIMIT;
        String limitParam = ctx.queryParam("limit");
        if (limitParam != null) {
            try {
                limit = Integer.parseInt(limitParam);
            } catch (NumberFormatException e) {
                errors.add(new FieldError("limit", "must be a whole number"));
            }
        }
        Optional<ConflictCursor> cursor = Optional.empty();
        String cursorParam = ctx.queryParam("cursor");
        if (cursorParam != null) {
            cursor = ConflictCursor.decode(cursorParam);
            if (cursor.isEmpty()) errors.add(new FieldError("cursor", "is not a cursor from this API"));
        }
        if (!errors.isEmpty()) throw invalid(errors);
        SyncConflicts.Page page = conflicts.open(request.user(), cursor, limit);
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode list = answer.putArray("conflicts");
        page.conflicts().forEach(c -> list.add(SyncJson.conflict(c)));
        answer.put("nextCursor", page.next().map(ConflictCursor::encode).orElse(null));
        Json.respond(ctx, 200, answer);
    }

    /** {@code {"conflictId", "resolution": "keep"|"take"|"value", "value"?}} */
    public void resolve(Context ctx, RequestContext request) {
        JsonNode body = Json.tree(ctx);
        List<FieldError> errors = new ArrayList<>();
        unknownKeys(body, Set.of("conflictId", "resolution", "value"), "", errors);
        Optional<ConflictId> id = uuid(body.get("conflictId")).map(ConflictId::new);
        if (id.isEmpty()) errors.add(new FieldError("conflictId", "must be a conflict's id"));
        JsonNode choiceNode = body.get("resolution");
        Optional<RecordedConflict.Choice> choice = choiceNode != null && choiceNode.isTextual()
                ? switch (choiceNode.textValue()) {
                    case "keep" -> Optional.of(RecordedConflict.Choice.KEEP);
                    case "take" -> Optional.of(RecordedConflict.Choice.TAKE);
                    case "value" -> Optional.of(RecordedConflict.Choice.VALUE);
                    default -> Optional.empty();
                }
                : Optional.empty();
        if (choice.isEmpty()) errors.add(new FieldError("resolution", "must be keep, take or value"));
        boolean hasValue = body.has("value");
        if (hasValue && choice.filter(c -> c == RecordedConflict.Choice.VALUE).isEmpty()) {
            errors.add(new FieldError("value", "is only for resolution value"));
        }
        if (!errors.isEmpty()) throw invalid(errors);
        Optional<ItemValue> value = Optional.empty();
        if (choice.get() == RecordedConflict.Choice.VALUE) {
            // The value's field is the conflict's: look it up before decoding.
            RecordedConflict conflict = conflicts.find(request.user(), id.get());
            if (!(conflict.conflict() instanceof com.llatria.domain.sync.Conflict.FieldConflict<ItemField, ItemValue> f)) {
                throw invalid(List.of(new FieldError("resolution", "a delete conflict is resolved with keep or take")));
            }
            if (!hasValue) throw invalid(List.of(new FieldError("value", "is required with resolution value")));
            SyncValueCodec.Decoded decoded = SyncValueCodec.decode(f.field(), body.get("value"), "value",
                    new Hlc(clock.millis(), 0, request.device()));
            if (decoded.value().isEmpty()) throw invalid(decoded.errors());
            value = decoded.value();
        }
        SyncConflicts.Resolved resolved = conflicts.resolve(request.user(), request.device(), id.get(),
                new SyncConflicts.Resolution(choice.get(), value));
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.set("conflict", SyncJson.conflict(resolved.conflict()));
        answer.set("item", resolved.item().item().deleted() ? Json.MAPPER.nullNode() : Json.MAPPER.valueToTree(ItemJson.from(resolved.item())));
        Json.respond(ctx, 200, answer);
    }

    /** One mutation; whatever is wrong with it makes it {@link Mutation.Unreadable}, recorded and reported, never fatal. */
    private static Mutation mutation(JsonNode m, String path, DeviceId device) {
        long mutationId = m.get("mutationId").longValue();
        List<FieldError> errors = new ArrayList<>();
        unknownKeys(m, MUTATION_KEYS, path + ".", errors);
        JsonNode entity = m.get("entity");
        if (entity == null || !entity.isTextual()) {
            errors.add(new FieldError(path + ".entity", "is required: item"));
        } else if (!entity.textValue().equals("item")) {
            errors.add(new FieldError(path + ".entity", "must be item (the only entity this server syncs so far)"));
        }
        Optional<ItemId> id = uuid(m.get("id")).map(ItemId::new);
        if (id.isEmpty()) errors.add(new FieldError(path + ".id", "must be a UUID"));
        long baseVersion = wholeNumber(m.get("baseVersion"), path + ".baseVersion", errors, 0L);
        JsonNode op = m.get("op");
        String operation = op != null && op.isTextual() ? op.textValue() : "";
        Mutation decoded = null;
        switch (operation) {
            case "upsert" -> {
                if (m.has("hlc")) errors.add(new FieldError(path + ".hlc", "belongs to each field of an upsert"));
                Map<ItemField, Write<ItemValue>> fields = fields(m.get("fields"), path + ".fields", errors);
                if (errors.isEmpty()) decoded = new Mutation.Upsert(mutationId, id.get(), baseVersion, fields);
            }
            case "delete" -> {
                if (m.has("fields")) errors.add(new FieldError(path + ".fields", "is not for a delete"));
                Optional<Hlc> stamp = hlc(m.get("hlc"), path + ".hlc", errors);
                if (errors.isEmpty()) decoded = new Mutation.Delete(mutationId, id.get(), baseVersion, stamp.get());
            }
            default -> errors.add(new FieldError(path + ".op", "must be upsert or delete"));
        }
        if (decoded != null) return decoded;
        if (errors.size() > MAX_ERRORS_PER_MUTATION) {
            int more = errors.size() - MAX_ERRORS_PER_MUTATION;
            errors = new ArrayList<>(errors.subList(0, MAX_ERRORS_PER_MUTATION));
            errors.add(new FieldError(path, "has " + more + " more problems not listed"));
        }
        // What could be read of it: the answer lists its fields as kept out and brings the item as it stands (7.23).
        return new Mutation.Unreadable(mutationId, invalid(errors), id, sentFields(m.get("fields"), operation));
    }

    /** The synced fields an unreadable mutation named (by wire name, in field order), or the delete. */
    private static List<String> sentFields(JsonNode fields, String operation) {
        if (operation.equals("delete")) return List.of(com.llatria.application.sync.SyncPush.DELETED);
        if (fields == null || !fields.isObject()) return List.of();
        List<String> sent = new ArrayList<>();
        for (ItemField field : ItemField.values()) if (fields.has(field.wireName())) sent.add(field.wireName());
        return sent;
    }

    private static Map<ItemField, Write<ItemValue>> fields(JsonNode node, String path, List<FieldError> errors) {
        Map<ItemField, Write<ItemValue>> fields = new EnumMap<>(ItemField.class);
        if (node == null || !node.isObject() || node.isEmpty()) {
            errors.add(new FieldError(path, "must be an object naming at least one field"));
            return fields;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String fieldPath = path + "." + entry.getKey();
            Optional<ItemField> field = ItemField.fromWire(entry.getKey());
            if (field.isEmpty()) {
                errors.add(new FieldError(fieldPath, "is not a synced field (title, description, price, condition, category, sku, cost, status)"));
                continue;
            }
            JsonNode write = entry.getValue();
            if (write == null || !write.isObject() || !write.has("value")) {
                errors.add(new FieldError(fieldPath, "must be {\"value\": …, \"hlc\": \"…\"}"));
                continue;
            }
            unknownKeys(write, Set.of("value", "hlc"), fieldPath + ".", errors);
            Optional<Hlc> stamp = hlc(write.get("hlc"), fieldPath + ".hlc", errors);
            if (stamp.isEmpty()) continue;
            SyncValueCodec.Decoded value = SyncValueCodec.decode(field.get(), write.get("value"), fieldPath + ".value", stamp.get());
            errors.addAll(value.errors());
            value.value().ifPresent(v -> fields.put(field.get(), new Write<>(v, stamp.get())));
        }
        return fields;
    }

    private static Optional<Hlc> hlc(JsonNode node, String path, List<FieldError> errors) {
        if (node == null || !node.isTextual()) {
            errors.add(new FieldError(path, "is required: an HLC stamp such as 0001764100000000-00000-desk-7f3a"));
            return Optional.empty();
        }
        Hlc stamp;
        try {
            stamp = Hlc.decode(node.textValue());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(path, "must be an HLC stamp such as 0001764100000000-00000-desk-7f3a"));
            return Optional.empty();
        }
        // The text form's bounds: five counter digits, and no time after year 9999 (sale times come from stamps).
        if (stamp.counter() > Hlc.MAX_COUNTER) {
            errors.add(new FieldError(path, "counter must be at most " + Hlc.MAX_COUNTER + " (five digits)"));
            return Optional.empty();
        }
        if (stamp.wallMillis() > Hlc.MAX_WALL_MILLIS) {
            errors.add(new FieldError(path, "time must be before year 10000"));
            return Optional.empty();
        }
        return Optional.of(stamp);
    }

    private static DeviceId deviceId(JsonNode body, List<FieldError> errors) {
        JsonNode node = body.get("deviceId");
        if (node == null || !node.isTextual() || !DeviceId.isValid(node.textValue())) {
            errors.add(new FieldError("deviceId", "is required: 1-64 letters, digits, '.', '_' or '-'"));
            return null;
        }
        return new DeviceId(node.textValue());
    }

    private static int schemaVersion(JsonNode body, List<FieldError> errors) {
        JsonNode node = body.get("schemaVersion");
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
            errors.add(new FieldError("schemaVersion", "is required: the sync schema the app speaks (1)"));
            return -1;
        }
        return node.intValue();
    }

    private static long wholeNumber(JsonNode node, String field, List<FieldError> errors, long absent) {
        if (node == null || node.isNull()) return absent;
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            errors.add(new FieldError(field, "must be a whole number, 0 or more"));
            return absent;
        }
        return node.longValue();
    }

    private static Optional<UUID> uuid(JsonNode node) {
        if (node == null || !node.isTextual()) return Optional.empty();
        try {
            UUID value = UUID.fromString(node.textValue());
            return value.toString().equals(node.textValue().toLowerCase(java.util.Locale.ROOT)) ? Optional.of(value) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void unknownKeys(JsonNode node, Set<String> known, String prefix, List<FieldError> errors) {
        if (node == null || !node.isObject()) {
            if (prefix.isEmpty()) errors.add(new FieldError("body", "must be a JSON object"));
            return;
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) errors.add(new FieldError(prefix + name, "is not a known field"));
        });
    }

    private static UseCaseException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).reason() : errors.size() + " fields are invalid";
        return new UseCaseException(Kind.INVALID, "validation", "Invalid request", detail).withErrors(errors);
    }

    /** The body, read at most {@code limit} bytes far: a larger one is refused without being held in memory. */
    private static JsonNode boundedBody(Context ctx, int limit) {
        long declared = ctx.contentLength();
        if (declared > limit) throw tooLarge(limit);
        byte[] bytes;
        try (InputStream in = ctx.bodyInputStream()) {
            bytes = in.readNBytes(limit + 1);
        } catch (IOException e) {
            throw invalid(List.of(new FieldError("body", "could not be read")));
        }
        if (bytes.length > limit) throw tooLarge(limit);
        if (bytes.length == 0) throw invalid(List.of(new FieldError("body", "is required")));
        try (JsonParser parser = PUSH_JSON.createParser(bytes)) {
            JsonNode tree = Json.MAPPER.readTree(parser);
            if (tree == null) throw invalid(List.of(new FieldError("body", "is required")));
            if (parser.nextToken() != null) throw invalid(List.of(new FieldError("body", "is not valid JSON")));
            return tree;
        } catch (StreamConstraintsException e) {
            throw new UseCaseException(Kind.TOO_LARGE, "batch-too-large", "Batch too large",
                    "a push body holds at most " + MAX_PUSH_TOKENS + " JSON values; send fewer mutations per batch")
                    .withErrors(List.of(new FieldError("body", "must hold at most " + MAX_PUSH_TOKENS + " JSON values")));
        } catch (JsonProcessingException e) {
            throw invalid(List.of(new FieldError("body", "is not valid JSON")));
        } catch (IOException e) {
            throw invalid(List.of(new FieldError("body", "could not be read")));
        }
    }

    private static UseCaseException tooLarge(int limit) {
        return new UseCaseException(Kind.TOO_LARGE, "batch-too-large", "Batch too large",
                "a push body is at most " + (limit / (1024 * 1024)) + " MB; send fewer mutations per batch")
                .withErrors(List.of(new FieldError("body", "must be at most " + limit + " bytes")));
    }
}
