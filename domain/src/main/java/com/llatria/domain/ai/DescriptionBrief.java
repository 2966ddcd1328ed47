package com.llatria.domain.ai;

import com.llatria.domain.item.Condition;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What a description is written from: the item's current fields, and what recognition added. */
public record DescriptionBrief(String title, Optional<String> category, Optional<Condition> condition,
                               Optional<String> brand, Optional<String> model, Map<String, String> specifications,
                               String currentDescription) {
    public DescriptionBrief {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(currentDescription, "currentDescription");
        List.of(category, condition, brand, model).forEach(Objects::requireNonNull);
        specifications = Map.copyOf(specifications);
    }
}
