package com.llatria.adapters.ai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.llatria.domain.ai.AiCategory;
import com.llatria.domain.ai.Recognition;
import com.llatria.domain.item.Condition;
import com.llatria.domain.item.ItemDetails;
import com.llatria.domain.item.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A model's answer is untrusted input, like a request body: every field is checked against the
 * schema and the item limits, and repaired where a safe repair exists (markup removed, text cut
 * to its limit, a 0-100 confidence scaled) or dropped where none does (a negative price, an
 * impossible year). Each repair is noted. Only an answer with no usable title at all is refused.
 */
final class UntrustedAnswer {
    static final ObjectMapper JSON = JsonMapper.builder().build();

    private static final Pattern SCRIPT = Pattern.compile("(?is)<(script|style)\\b[^<>]{0,1000}>.*?(</\\1\\s*>|$)");
    /**
     * A tag, or a comment up to its end or the end of the text: an unclosed comment is taken to
     * the end in one match, so many of them cost one pass, not one scan each (8.5: a bounded
     * scan from every "<!--" made 800 kB of them a minute of CPU).
     */
    private static final Pattern TAG = Pattern.compile("(?s)<[/!?]?[a-zA-Z][^<>]{0,1000}>|<!--.*?(?:-->|$)");
    /**
     * Control characters but tab and newline (NUL in particular, which PostgreSQL text refuses),
     * format characters but the emoji joiner, and unpaired surrogates (not valid Unicode text).
     */
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n\\t]]|[\\p{Cf}&&[^\\u200d]]|\\p{Cs}");
    private static final Pattern SPACES = Pattern.compile("[ \\t]+");
    private static final Set<String> NOTHING = Set.of("", "null", "none", "n/a", "na", "unknown", "-", "not visible");
    private static final Map<String, Condition> CONDITIONS = Map.ofEntries(
            Map.entry("new", Condition.NEW), Map.entry("brand new", Condition.NEW), Map.entry("new with tags", Condition.NEW),
            Map.entry("nwt", Condition.NEW), Map.entry("sealed", Condition.NEW),
            Map.entry("like new", Condition.LIKE_NEW), Map.entry("like_new", Condition.LIKE_NEW), Map.entry("mint", Condition.LIKE_NEW),
            Map.entry("open box", Condition.LIKE_NEW),
            Map.entry("used", Condition.USED), Map.entry("excellent", Condition.USED), Map.entry("very good", Condition.USED),
            Map.entry("good", Condition.USED), Map.entry("pre-owned", Condition.USED), Map.entry("preowned", Condition.USED),
            Map.entry("fair", Condition.FAIR), Map.entry("acceptable", Condition.FAIR), Map.entry("worn", Condition.FAIR),
            Map.entry("poor", Condition.POOR), Map.entry("for parts", Condition.POOR), Map.entry("damaged", Condition.POOR),
            Map.entry("broken", Condition.POOR));

    /** The answer cannot become a recognition. */
    static final class Unusable extends Exception {
        Unusable(String message) {
            super(message, null, false, false);
        }
    }

    private final List<String> repairs = new ArrayList<>();
    private final int latestYear;

    private UntrustedAnswer(int latestYear) {
        this.latestYear = latestYear;
    }

    /** Parses a model's text as JSON; a fenced block (```json … ```) is accepted, as local models like to send it. */
    static JsonNode parse(String text) throws Unusable {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.startsWith("```")) {
            int firstLine = trimmed.indexOf('\n');
            int fence = trimmed.lastIndexOf("```");
            if (firstLine > 0 && fence > firstLine) trimmed = trimmed.substring(firstLine + 1, fence).strip();
        }
        try {
            JsonNode node = JSON.readTree(trimmed);
            if (node == null || !node.isObject()) throw new Unusable("the answer is not a JSON object");
            return node;
        } catch (JsonProcessingException e) {
            throw new Unusable("the answer is not valid JSON");
        }
    }

    /** @param latestYear the latest plausible year of manufacture (next year, for models announced early) */
    static Recognition recognition(JsonNode answer, int latestYear) throws Unusable {
        return new UntrustedAnswer(latestYear).read(answer);
    }

    /** A description answer: {@code {"description": "..."}}, cleaned and cut to the item limit. */
    static String description(JsonNode answer) throws Unusable {
        UntrustedAnswer reader = new UntrustedAnswer(9999);
        String text = reader.longText(answer, "description", ItemDetails.DESCRIPTION_MAX);
        if (text.isBlank()) throw new Unusable("the answer has no description");
        return text;
    }

    private Recognition read(JsonNode a) throws Unusable {
        Optional<String> recognized = shortText(a, "recognizedItem", Recognition.NAME_MAX);
        Optional<String> title = shortText(a, "title", ItemDetails.TITLE_MAX);
        if (title.isEmpty() && recognized.isEmpty()) throw new Unusable("the answer names no item and has no title");
        if (title.isEmpty()) repairs.add("title was missing; the recognised item's name is used");
        if (recognized.isEmpty()) repairs.add("recognizedItem was missing; the title is used");
        Currency currency = currency(a);
        return new Recognition(
                recognized.or(() -> title.map(t -> cut(t, Recognition.NAME_MAX, "recognizedItem"))).orElseThrow(),
                confidence(a),
                title.or(() -> recognized).orElseThrow(),
                longText(a, "description", ItemDetails.DESCRIPTION_MAX),
                shortText(a, "category", ItemDetails.CATEGORY_MAX).map(AiCategory::classify),
                condition(a),
                shortText(a, "brand", Recognition.SHORT_MAX),
                shortText(a, "model", Recognition.SHORT_MAX),
                year(a),
                shortText(a, "color", Recognition.SHORT_MAX),
                shortText(a, "size", Recognition.SHORT_MAX),
                shortText(a, "dimensions", Recognition.SHORT_MAX),
                specifications(a),
                price(a, "marketPrice", currency),
                price(a, "suggestedPrice", currency),
                longText(a, "researchNotes", Recognition.NOTES_MAX),
                repairs);
    }

    /** One line of plain text: markup and control characters removed, whitespace collapsed, cut to {@code max}. */
    private Optional<String> shortText(JsonNode a, String field, int max) {
        JsonNode node = a.get(field);
        if (node == null || node.isNull()) return Optional.empty();
        if (!node.isTextual() && !node.isNumber()) {
            repairs.add(field + " was not text; dropped");
            return Optional.empty();
        }
        String raw = bounded(node.asText(), max, field);
        String clean = clean(raw).replaceAll("\\s+", " ").strip();
        if (!clean.equals(raw.replaceAll("\\s+", " ").strip())) repairs.add(field + ": markup or control characters removed");
        if (NOTHING.contains(clean.toLowerCase(Locale.ROOT))) return Optional.empty();
        return Optional.of(cut(clean, max, field));
    }

    /** Text that keeps its line breaks. */
    private String longText(JsonNode a, String field, int max) {
        JsonNode node = a.get(field);
        if (node == null || node.isNull()) return "";
        if (!node.isTextual()) {
            repairs.add(field + " was not text; dropped");
            return "";
        }
        String raw = bounded(node.asText(), max, field);
        String clean = SPACES.matcher(clean(raw)).replaceAll(" ").replaceAll(" *\\n *", "\n").replaceAll("\\n{3,}", "\n\n").strip();
        if (!clean.equals(raw.strip())) repairs.add(field + ": markup, control characters or extra spaces removed");
        return cut(clean, max, field);
    }

    /**
     * Cleaning only shortens text, so anything past a few times the limit can go before the
     * patterns run: a 5 MB answer costs no more to clean than a 40 kB one.
     */
    private String bounded(String raw, int max, String field) {
        int bound = max * 4;
        if (raw.length() <= bound) return raw;
        repairs.add(field + " was longer than " + max + " characters; cut");
        return raw.substring(0, bound);
    }

    private static String clean(String raw) {
        String noScripts = SCRIPT.matcher(raw).replaceAll(" ");
        String noTags = TAG.matcher(noScripts).replaceAll(" ");
        return CONTROL.matcher(noTags.replace("\r\n", "\n").replace('\r', '\n')).replaceAll("");
    }

    /** Cuts to {@code max} code points, at a word boundary when one is near. */
    private String cut(String text, int max, String field) {
        if (ItemDetails.length(text) <= max) return text;
        repairs.add(field + " was longer than " + max + " characters; cut");
        String head = text.substring(0, text.offsetByCodePoints(0, max));
        int space = head.lastIndexOf(' ');
        return (space > max * 3 / 4 ? head.substring(0, space) : head).strip();
    }

    private double confidence(JsonNode a) {
        JsonNode node = a.get("confidence");
        double value;
        if (node != null && node.isNumber()) {
            value = node.asDouble();
        } else if (node != null && node.isTextual() && node.asText().strip().matches("\\d{1,3}(\\.\\d+)?%?")) {
            value = Double.parseDouble(node.asText().strip().replace("%", ""));
            if (node.asText().contains("%")) value = value / 100;
        } else {
            repairs.add("confidence was missing; taken as 0");
            return 0;
        }
        if (Double.isNaN(value) || value < 0) {
            repairs.add("confidence was negative; taken as 0");
            return 0;
        }
        if (value > 1 && value <= 100) {
            repairs.add("confidence was a percentage; scaled to 0-1");
            return value / 100;
        }
        if (value > 100) {
            repairs.add("confidence was out of range; taken as 0");
            return 0;
        }
        return value;
    }

    private Optional<Condition> condition(JsonNode a) {
        JsonNode node = a.get("condition");
        if (node == null || node.isNull()) return Optional.empty();
        String text = node.asText().strip().toLowerCase(Locale.ROOT).replace('-', ' ').replace('_', ' ');
        if (text.equals("pre owned")) text = "pre-owned";
        Condition condition = CONDITIONS.get(text.equals("like new") ? "like new" : text);
        if (condition == null) {
            repairs.add("condition '" + cutQuiet(node.asText(), 40) + "' is not new, like_new, used, fair or poor; dropped");
            return Optional.empty();
        }
        if (!condition.wireName().equals(node.asText())) repairs.add("condition '" + cutQuiet(node.asText(), 40) + "' read as " + condition.wireName());
        return Optional.of(condition);
    }

    private Optional<Integer> year(JsonNode a) {
        JsonNode node = a.get("year");
        if (node == null || node.isNull()) return Optional.empty();
        Integer year = null;
        if (node.canConvertToInt() && node.isIntegralNumber()) year = node.asInt();
        else if (node.isTextual() && node.asText().strip().matches("\\d{4}")) year = Integer.parseInt(node.asText().strip());
        if (year == null || year < Recognition.YEAR_MIN || year > latestYear) {
            repairs.add("year '" + cutQuiet(node.asText(), 20) + "' is not a plausible year; dropped");
            return Optional.empty();
        }
        return Optional.of(year);
    }

    private Map<String, String> specifications(JsonNode a) {
        JsonNode node = a.get("specifications");
        Map<String, String> specs = new LinkedHashMap<>();
        if (node == null || node.isNull()) return specs;
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(e -> {
                if (e.isObject() && e.hasNonNull("name") && e.hasNonNull("value")) entries.add(Map.entry(e.get("name").asText(), e.get("value")));
            });
        } else if (node.isObject()) {
            node.fields().forEachRemaining(entries::add);
        } else {
            repairs.add("specifications were not a list; dropped");
            return specs;
        }
        for (Map.Entry<String, JsonNode> entry : entries) {
            if (specs.size() == Recognition.SPECIFICATIONS_MAX) {
                repairs.add("more than " + Recognition.SPECIFICATIONS_MAX + " specifications; the rest dropped");
                break;
            }
            String key = clean(bounded(entry.getKey(), Recognition.SPEC_KEY_MAX, "specifications")).replaceAll("\\s+", " ").strip();
            String value = entry.getValue().isValueNode()
                    ? clean(bounded(entry.getValue().asText(), Recognition.SPEC_VALUE_MAX, "specifications")).replaceAll("\\s+", " ").strip()
                    : "";
            if (key.isEmpty() || value.isEmpty()) continue;
            specs.put(cut(key, Recognition.SPEC_KEY_MAX, "specifications"), cut(value, Recognition.SPEC_VALUE_MAX, "specifications"));
        }
        return specs;
    }

    private Currency currency(JsonNode a) {
        JsonNode node = a.get("currency");
        if (node == null || node.isNull()) return Money.DEFAULT_CURRENCY;
        try {
            return Currency.getInstance(node.asText().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            repairs.add("currency '" + cutQuiet(node.asText(), 10) + "' is not an ISO 4217 code; " + Money.DEFAULT_CURRENCY + " assumed");
            return Money.DEFAULT_CURRENCY;
        }
    }

    private Optional<Money> price(JsonNode a, String field, Currency currency) {
        JsonNode node = a.get(field);
        if (node == null || node.isNull()) return Optional.empty();
        BigDecimal amount;
        if (node.isNumber() && (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue()))) {
            // 1e400 is read as a double: infinite, with no decimal value (8.2)
            repairs.add(field + " is out of range; dropped");
            return Optional.empty();
        } else if (node.isNumber()) {
            amount = node.decimalValue();
        } else if (node.isTextual() && node.asText().strip().matches("[$€£]?\\s*\\d{1,10}(\\.\\d+)?")) {
            amount = new BigDecimal(node.asText().strip().replaceAll("[$€£\\s]", ""));
            repairs.add(field + " was text; read as a number");
        } else {
            repairs.add(field + " is not a number; dropped");
            return Optional.empty();
        }
        if (amount.signum() < 0) {
            repairs.add(field + " was negative; dropped");
            return Optional.empty();
        }
        if (amount.scale() > 2) {
            amount = amount.setScale(2, RoundingMode.HALF_UP);
        }
        if (!Money.problems(amount).isEmpty()) {
            repairs.add(field + " is out of range; dropped");
            return Optional.empty();
        }
        return Optional.of(new Money(amount, currency));
    }

    /**
     * The model name a provider reports, as text we store: cleaned, one line, at most 100
     * characters (ai_usage.model); the configured name when nothing usable is left (8.3).
     */
    static String modelName(String reported, String configured) {
        // A cut may leave half a tag: no model name has angle brackets.
        String clean = clean(reported.length() > 400 ? reported.substring(0, 400) : reported).replaceAll("[<>]", "")
                .replaceAll("\\s+", " ").strip();
        if (clean.isEmpty()) return configured;
        if (clean.codePointCount(0, clean.length()) <= MODEL_MAX) return clean;
        return clean.substring(0, clean.offsetByCodePoints(0, MODEL_MAX));
    }

    static final int MODEL_MAX = 100;

    private static String cutQuiet(String text, int max) {
        String clean = CONTROL.matcher(TAG.matcher(text).replaceAll("")).replaceAll("");
        return clean.length() <= max ? clean : clean.substring(0, max) + "…";
    }
}
