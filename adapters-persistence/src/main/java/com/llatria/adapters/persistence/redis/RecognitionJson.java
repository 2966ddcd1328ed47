package com.llatria.adapters.persistence.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llatria.domain.ai.AiCategory;
import com.llatria.domain.ai.AiProvider;
import com.llatria.domain.ai.AiUsage;
import com.llatria.domain.ai.CachedRecognition;
import com.llatria.domain.ai.Recognition;
import com.llatria.domain.item.Condition;
import com.llatria.domain.item.Money;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A cached recognition as JSON in Redis. Read back through the domain constructors, so a bad entry fails loudly, not silently. */
final class RecognitionJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private RecognitionJson() {
    }

    static String write(CachedRecognition cached) {
        Recognition r = cached.recognition();
        ObjectNode node = JSON.createObjectNode();
        node.put("recognizedItem", r.recognizedItem()).put("confidence", r.confidence()).put("title", r.title())
                .put("description", r.description()).put("researchNotes", r.researchNotes());
        r.category().ifPresent(c -> node.put("category", c.name()).put("categoryKnown", c.known()));
        r.condition().ifPresent(c -> node.put("condition", c.wireName()));
        r.brand().ifPresent(v -> node.put("brand", v));
        r.model().ifPresent(v -> node.put("model", v));
        r.year().ifPresent(v -> node.put("year", v));
        r.color().ifPresent(v -> node.put("color", v));
        r.size().ifPresent(v -> node.put("size", v));
        r.dimensions().ifPresent(v -> node.put("dimensions", v));
        ObjectNode specs = node.putObject("specifications");
        r.specifications().forEach(specs::put);
        r.marketPrice().ifPresent(m -> money(node.putObject("marketPrice"), m));
        r.suggestedPrice().ifPresent(m -> money(node.putObject("suggestedPrice"), m));
        r.repairs().forEach(node.putArray("repairs")::add);
        if (r.repairs().isEmpty()) node.putArray("repairs");
        AiUsage u = cached.usage();
        node.putObject("usage").put("provider", u.provider().wireName()).put("model", u.model())
                .put("promptTokens", u.promptTokens()).put("completionTokens", u.completionTokens())
                .put("latencyMs", u.latency().toMillis());
        node.put("recognizedAt", cached.recognizedAt().toString());
        return node.toString();
    }

    static CachedRecognition read(String text) {
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> specs = new LinkedHashMap<>();
        n.path("specifications").fields().forEachRemaining(e -> specs.put(e.getKey(), e.getValue().asText()));
        List<String> repairs = new ArrayList<>();
        n.path("repairs").forEach(r -> repairs.add(r.asText()));
        Recognition recognition = new Recognition(n.get("recognizedItem").asText(), n.get("confidence").asDouble(),
                n.get("title").asText(), n.get("description").asText(),
                text(n, "category").map(c -> new AiCategory(c, n.path("categoryKnown").asBoolean())),
                text(n, "condition").flatMap(Condition::fromWire), text(n, "brand"), text(n, "model"),
                n.hasNonNull("year") ? Optional.of(n.get("year").asInt()) : Optional.empty(),
                text(n, "color"), text(n, "size"), text(n, "dimensions"), specs,
                money(n.get("marketPrice")), money(n.get("suggestedPrice")), n.get("researchNotes").asText(), repairs);
        JsonNode u = n.get("usage");
        AiUsage usage = new AiUsage(AiProvider.fromWire(u.get("provider").asText()).orElseThrow(), u.get("model").asText(),
                u.get("promptTokens").asInt(), u.get("completionTokens").asInt(), Duration.ofMillis(u.get("latencyMs").asLong()));
        return new CachedRecognition(recognition, usage, Instant.parse(n.get("recognizedAt").asText()));
    }

    private static Optional<String> text(JsonNode n, String field) {
        return n.hasNonNull(field) ? Optional.of(n.get(field).asText()) : Optional.empty();
    }

    private static void money(ObjectNode node, Money money) {
        node.put("amount", money.amount().toPlainString()).put("currency", money.currency().getCurrencyCode());
    }

    private static Optional<Money> money(JsonNode node) {
        return node == null || node.isNull() ? Optional.empty() : Optional.of(Money.of(node.get("amount").asText(), node.get("currency").asText()));
    }
}
