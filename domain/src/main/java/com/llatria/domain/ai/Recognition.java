package com.llatria.domain.ai;

import com.llatria.domain.item.Condition;
import com.llatria.domain.item.ItemDetails;
import com.llatria.domain.item.Money;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model recognised in a seller's photos, after validation: the design's {@code ai_data}
 * fields. Every limit an item has holds here too, so a recognition can be applied to an item
 * as it is. {@code repairs} says what validation changed in the model's answer.
 */
public record Recognition(
        String recognizedItem,
        double confidence,
        String title,
        String description,
        Optional<AiCategory> category,
        Optional<Condition> condition,
        Optional<String> brand,
        Optional<String> model,
        Optional<Integer> year,
        Optional<String> color,
        Optional<String> size,
        Optional<String> dimensions,
        Map<String, String> specifications,
        Optional<Money> marketPrice,
        Optional<Money> suggestedPrice,
        String researchNotes,
        List<String> repairs) {

    public static final int NAME_MAX = 200;
    public static final int SHORT_MAX = 100;
    public static final int NOTES_MAX = 2_000;
    public static final int SPECIFICATIONS_MAX = 20;
    public static final int SPEC_KEY_MAX = 50;
    public static final int SPEC_VALUE_MAX = 200;
    public static final int YEAR_MIN = 1800;

    public Recognition {
        Objects.requireNonNull(recognizedItem, "recognizedItem");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(researchNotes, "researchNotes");
        List.of(category, condition, brand, model, year, color, size, dimensions, marketPrice, suggestedPrice)
                .forEach(Objects::requireNonNull);
        specifications = Map.copyOf(specifications);
        repairs = List.copyOf(repairs);
        require(!recognizedItem.isBlank() && len(recognizedItem) <= NAME_MAX, "recognizedItem");
        require(confidence >= 0 && confidence <= 1, "confidence");
        require(!title.isBlank() && len(title) <= ItemDetails.TITLE_MAX, "title");
        require(len(description) <= ItemDetails.DESCRIPTION_MAX, "description");
        require(len(researchNotes) <= NOTES_MAX, "researchNotes");
        for (Optional<String> text : List.of(brand, model, color, size, dimensions)) {
            text.ifPresent(t -> require(!t.isBlank() && len(t) <= SHORT_MAX, "a short field"));
        }
        year.ifPresent(y -> require(y >= YEAR_MIN && y <= 9999, "year"));
        require(specifications.size() <= SPECIFICATIONS_MAX, "specifications");
        specifications.forEach((k, v) -> require(!k.isBlank() && len(k) <= SPEC_KEY_MAX && len(v) <= SPEC_VALUE_MAX, "specifications"));
    }

    /** The same recognition with another description (a regenerated one). */
    public Recognition withDescription(String text) {
        return new Recognition(recognizedItem, confidence, title, text, category, condition, brand, model, year, color,
                size, dimensions, specifications, marketPrice, suggestedPrice, researchNotes, repairs);
    }

    private static int len(String text) {
        return ItemDetails.length(text);
    }

    private static void require(boolean ok, String field) {
        if (!ok) throw new IllegalArgumentException(field + " is out of bounds");
    }
}
