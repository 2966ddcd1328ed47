package com.llatria.adapters.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.llatria.adapters.web.inventory.ItemJsonWriter;
import com.llatria.application.Text;
import com.llatria.application.inventory.ItemView;
import com.llatria.application.UseCaseException;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.Optional;

/**
 * Strict JSON: unknown fields, trailing tokens and a number where text belongs are errors, so a
 * client's mistake is reported instead of half-applied. Our own mapper, so a host application's
 * Jackson settings neither change our API nor get changed by it.
 */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // Numbers are exact decimals (a price never passes through a double) and a key sent twice is an error.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .nodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .addModule(new SimpleModule("llatria-text").addDeserializer(String.class, new CheckedText()))
            // An item as clients see it (ItemJson's shape), written without records; rendered photos copied, not parsed.
            .addModule(new SimpleModule("llatria-items").addSerializer(ItemView.class, ItemJsonWriter.SERIALIZER))
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private Json() {
    }

    /** Every string in every body passes the one text rule; the error names the field it was in. */
    static final class CheckedText extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = super.deserialize(p, ctxt);
            Optional<String> problem = Text.problem(value);
            if (problem.isPresent()) throw new BadText(p, problem.get());
            return value;
        }
    }

    /** A string that breaks the text rule ({@link Text}); {@link Problems} reports it as a field error. */
    static final class BadText extends JsonMappingException {
        final String reason;

        BadText(JsonParser p, String reason) {
            super(p, reason);
            this.reason = reason;
        }
    }

    /** Written straight to UTF-8 bytes: going through a String cost half the CPU of a 50-item list (JDK 17 copies it char by char). */
    public static void respond(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a response", e);
        }
    }

    /** application/json, application/merge-patch+json and other +json types, in any charset that is UTF-8. */
    private static boolean isJson(String contentType) {
        String[] parts = contentType.toLowerCase(java.util.Locale.ROOT).split(";");
        String media = parts[0].trim();
        boolean json = media.equals("application/json") || media.startsWith("application/") && media.endsWith("+json");
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.startsWith("charset=") && !parameter.substring(8).replace("\"", "").equals("utf-8")) return false;
        }
        return json;
    }

    /** The request body as a JSON tree, for requests read field by field. */
    public static com.fasterxml.jackson.databind.JsonNode tree(Context ctx) {
        return read(ctx, com.fasterxml.jackson.databind.JsonNode.class);
    }

    /** Whether the body (already read with {@link #read}) is an object with this key, even one set to null. */
    public static boolean has(Context ctx, String key) {
        try {
            return MAPPER.readTree(ctx.body()).has(key);
        } catch (JsonProcessingException e) {
            throw new BadRequest.MalformedJson(e);
        }
    }

    /** The request body as {@code type}; a missing or malformed body becomes a 400 naming the field. */
    public static <T> T read(Context ctx, Class<T> type) {
        String contentType = ctx.contentType();
        if (contentType != null && !isJson(contentType)) {
            throw new UseCaseException(UseCaseException.Kind.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "Unsupported content type", "send the body as application/json, not " + contentType.split(";")[0].trim())
                    .withErrors(java.util.List.of(new com.llatria.application.FieldError("Content-Type", "must be application/json")));
        }
        // Parsed from the bytes: decoding to a String first would turn invalid UTF-8 into U+FFFD
        // and store it silently; Jackson refuses it.
        byte[] body = ctx.bodyAsBytes();
        if (blank(body)) throw new BadRequest.MissingBody();
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) throw new BadRequest.MissingBody();
            return value;
        } catch (JsonProcessingException e) {
            throw new BadRequest.MalformedJson(e);
        } catch (java.io.IOException e) {
            // Bytes in memory fail only by their encoding (a CharConversionException).
            throw new BadRequest.MalformedJson(new com.fasterxml.jackson.core.JsonParseException(null, "not UTF-8: " + e.getMessage()));
        }
    }

    private static boolean blank(byte[] body) {
        if (body == null) return true;
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') return false;
        }
        return true;
    }
}
