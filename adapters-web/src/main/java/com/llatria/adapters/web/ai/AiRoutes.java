package com.llatria.adapters.web.ai;

import com.llatria.adapters.web.Json;
import com.llatria.adapters.web.JsonFields;
import com.llatria.adapters.web.RequestContext;
import com.llatria.application.InvalidInput;
import com.llatria.application.ai.ListingAssistant;
import com.llatria.application.ai.PriceSuggestion;
import com.llatria.application.ai.RecognitionResult;
import com.llatria.application.ai.RecognizeRequest;
import com.llatria.application.inventory.ExpectedVersion;
import com.llatria.application.photos.ItemPhotos;
import com.llatria.application.photos.PhotoTooLarge;
import com.llatria.application.photos.PhotoUpload;
import com.llatria.domain.ai.AiCategory;
import com.llatria.domain.ai.AiUsage;
import com.llatria.domain.ai.AiUsageRecord;
import com.llatria.domain.ai.Recognition;
import com.llatria.domain.item.Condition;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.Money;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** /api/ai: recognise photos, suggest a price, write a description, and the caller's usage. */
public final class AiRoutes {
    private static final List<String> FORM_FIELDS = List.of("itemId", "apply", "createDraft", "expectedVersion");
    private final ListingAssistant assistant;

    public AiRoutes(ListingAssistant assistant) {
        this.assistant = assistant;
    }

    /**
     * {@code POST /api/ai/recognize}: multipart photos (form fields {@code itemId}, {@code apply},
     * {@code createDraft}, {@code expectedVersion} optional), or a JSON {@code {itemId}} to use the
     * item's stored photos.
     */
    public void recognize(Context ctx, RequestContext request) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        RecognizeRequest command;
        if (type.startsWith("multipart/form-data")) {
            List<UploadedFile> files;
            try {
                files = ctx.uploadedFiles();
            } catch (RuntimeException e) {
                throw new PhotoTooLarge("a file", ItemPhotos.MAX_BYTES + 1, ItemPhotos.MAX_BYTES);
            }
            List<PhotoUpload> uploads = files.stream().map(file -> new PhotoUpload(file.filename(), file.size(), () -> {
                try (InputStream in = file.content()) {
                    return in.readAllBytes();
                }
            })).toList();
            if (uploads.isEmpty()) throw InvalidInput.of("files", "send one or more photos as multipart parts");
            // A misspelt field would silently change what the write does (expectedversion: a blind overwrite), 8.28.
            for (String name : ctx.formParamMap().keySet()) {
                if (!FORM_FIELDS.contains(name) && ctx.uploadedFiles(name).isEmpty()) throw InvalidInput.of(name, "is not a known field (" + String.join(", ", FORM_FIELDS) + ")");
            }
            Optional<ItemId> item = Optional.ofNullable(field(ctx, "itemId")).filter(s -> !s.isBlank()).map(s -> itemId(s, "itemId"));
            command = new RecognizeRequest(uploads, item, flag(field(ctx, "apply"), "apply"), flag(field(ctx, "createDraft"), "createDraft"),
                    Optional.ofNullable(field(ctx, "expectedVersion")).filter(s -> !s.isBlank()).map(AiRoutes::version));
        } else {
            // Field by field, as strictly as the form: no "true" for true, no 10.9 for version 10 (8.17).
            JsonFields body = JsonFields.of(Json.tree(ctx), java.util.Set.of("itemId", "apply", "expectedVersion"));
            Optional<java.util.UUID> itemId = body.uuid("itemId");
            if (!body.present("itemId") || body.isNull("itemId")) body.problem("itemId", "is required (or send photos as multipart/form-data)");
            boolean apply = false;
            if (body.present("apply") && !body.isNull("apply")) {
                if (body.raw("apply").isBoolean()) apply = body.raw("apply").booleanValue();
                else body.problem("apply", "must be true or false");
            }
            Optional<Long> expected = body.wholeNumber("expectedVersion", "must be a whole number from 1");
            if (expected.isPresent() && expected.get() < 1) body.problem("expectedVersion", "must be a whole number from 1");
            body.throwIfInvalid();
            command = new RecognizeRequest(List.of(), Optional.of(new ItemId(itemId.orElseThrow())), apply, false,
                    expected.map(ExpectedVersion::inBody));
        }
        RecognitionResult result = assistant.recognize(request.user(), request.device(), command);
        if (!result.cached()) {
            // What the provider request cost here (RFC Server-Timing, milliseconds): the JPEGs made for it, and the exchange.
            ctx.header("Server-Timing", String.format(Locale.ROOT, "encode;dur=%.2f, provider;dur=%.2f",
                    result.timings().encoding().toNanos() / 1e6, result.timings().provider().toNanos() / 1e6));
        }
        Json.respond(ctx, command.createDraft() ? 201 : 200, recognition(result));
    }

    /** {@code GET /api/ai/suggestions/:itemId}. */
    public void suggestions(Context ctx, RequestContext request) {
        PriceSuggestion s = assistant.suggestPrice(request.user(), itemId(ctx.pathParam("itemId"), "itemId"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("itemId", s.item().toString());
        body.put("suggestedPrice", money(s.suggested()));
        body.put("low", money(s.low()));
        body.put("high", money(s.high()));
        body.put("reason", s.reason());
        Map<String, Object> basis = new LinkedHashMap<>();
        basis.put("source", s.source().wireName());
        basis.put("soldItems", s.soldItems().stream().map(m -> {
            Map<String, Object> sold = new LinkedHashMap<>();
            sold.put("id", m.sold().id().toString());
            sold.put("title", m.sold().title());
            sold.put("soldPrice", money(Optional.of(m.sold().price())));
            sold.put("soldAt", m.sold().soldAt().toString());
            sold.put("similarity", round(m.sold().titleSimilarity()));
            sold.put("weight", round(m.weight()));
            return sold;
        }).toList());
        basis.put("marketEstimate", money(s.marketEstimate()));
        basis.put("aiConfigured", s.aiConfigured());
        body.put("basis", basis);
        Json.respond(ctx, 200, body);
    }

    record DescribeBody(Boolean apply) {
    }

    /** {@code POST /api/ai/describe/:itemId}, body optional: {@code {apply: true}} writes it to the item. */
    public void describe(Context ctx, RequestContext request) {
        boolean apply = false;
        if (ctx.body() != null && !ctx.body().isBlank()) apply = Boolean.TRUE.equals(Json.read(ctx, DescribeBody.class).apply());
        ListingAssistant.DescriptionResult result = assistant.describe(request.user(), request.device(),
                itemId(ctx.pathParam("itemId"), "itemId"), apply);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("description", result.description());
        body.put("answeredBy", usage(result.usage()));
        body.put("item", result.item().orElse(null));
        Json.respond(ctx, 200, body);
    }

    /** {@code GET /api/ai/usage}: today's allowance and the latest provider calls. */
    public void usage(Context ctx, RequestContext request) {
        ListingAssistant.Usage usage = assistant.usage(request.user());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("configured", assistant.configured());
        body.put("dailyLimit", usage.dailyLimit());
        body.put("usedToday", usage.usedToday());
        body.put("remainingToday", Math.max(0, usage.dailyLimit() - usage.usedToday()));
        body.put("calls", usage.recent().stream().map(AiRoutes::call).toList());
        Json.respond(ctx, 200, body);
    }

    static Map<String, Object> recognition(RecognitionResult result) {
        Map<String, Object> body = fields(result.recognition());
        body.put("answeredBy", usage(result.usage()));
        body.put("cached", result.cached());
        body.put("escalated", result.escalated());
        body.put("recognizedAt", result.recognizedAt().toString());
        body.put("photoHash", result.photos().hex());
        body.put("similarItems", result.similarItems().stream().map(similar -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("distance", similar.distance());
            s.put("recognizedItem", similar.recognition().recognizedItem());
            s.put("title", similar.recognition().title());
            s.put("confidence", similar.recognition().confidence());
            s.put("suggestedPrice", money(similar.recognition().suggestedPrice()));
            s.put("recognizedAt", similar.recognizedAt().toString());
            return s;
        }).toList());
        body.put("item", result.item().orElse(null));
        return body;
    }

    /** The design's ai_data fields; absent ones are null so clients can rely on every key. */
    static Map<String, Object> fields(Recognition r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recognizedItem", r.recognizedItem());
        body.put("confidence", r.confidence());
        body.put("title", r.title());
        body.put("description", r.description());
        body.put("category", r.category().map(AiCategory::name).orElse(null));
        body.put("categoryKnown", r.category().map(AiCategory::known).orElse(null));
        body.put("condition", r.condition().map(Condition::wireName).orElse(null));
        body.put("brand", r.brand().orElse(null));
        body.put("model", r.model().orElse(null));
        body.put("year", r.year().orElse(null));
        body.put("color", r.color().orElse(null));
        body.put("size", r.size().orElse(null));
        body.put("dimensions", r.dimensions().orElse(null));
        body.put("specifications", r.specifications());
        body.put("marketPrice", money(r.marketPrice()));
        body.put("suggestedPrice", money(r.suggestedPrice()));
        body.put("researchNotes", r.researchNotes());
        body.put("repairs", r.repairs());
        return body;
    }

    private static Map<String, Object> usage(AiUsage usage) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provider", usage.provider().wireName());
        body.put("model", usage.model());
        body.put("promptTokens", usage.promptTokens());
        body.put("completionTokens", usage.completionTokens());
        body.put("latencyMs", usage.latency().toMillis());
        return body;
    }

    private static Map<String, Object> call(AiUsageRecord call) {
        Map<String, Object> body = usage(call.usage());
        body.put("at", call.at().toString());
        body.put("operation", call.operation().wireName());
        body.put("outcome", call.outcome());
        return body;
    }

    private static Map<String, String> money(Optional<Money> money) {
        return money.map(m -> Map.of("amount", m.amount().toPlainString(), "currency", m.currency().getCurrencyCode())).orElse(null);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /** A form field given once, as text: a second value or a file under its name is refused, not guessed at (8.27). */
    private static String field(Context ctx, String name) {
        if (!ctx.uploadedFiles(name).isEmpty()) throw InvalidInput.of(name, "must be a form field, not a file");
        List<String> values = ctx.formParams(name);
        if (values.size() > 1) throw InvalidInput.of(name, "is given more than once");
        return values.isEmpty() ? null : values.get(0);
    }

    private static boolean flag(String value, String field) {
        if (value == null || value.isBlank() || value.equals("false")) return false;
        if (value.equals("true")) return true;
        throw InvalidInput.of(field, "must be true or false");
    }

    private static ExpectedVersion version(String text) {
        try {
            long v = Long.parseLong(text.strip());
            if (v < 1) throw new NumberFormatException();
            return ExpectedVersion.inBody(v);
        } catch (NumberFormatException e) {
            throw InvalidInput.of("expectedVersion", "must be a whole number from 1");
        }
    }

    private static ItemId itemId(String text, String field) {
        try {
            return new ItemId(UUID.fromString(text));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw InvalidInput.of(field, "must be an item id (a UUID)");
        }
    }
}
