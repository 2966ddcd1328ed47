package com.llatria.domain.ai;

import com.llatria.domain.item.ItemDetails;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A category a model proposed: one of the {@link #KNOWN} categories, or free text that says so
 * ({@code known == false}), so that a client never mistakes a model's invention for our list.
 */
public record AiCategory(String name, boolean known) {
    public static final List<String> KNOWN = List.of(
            "Clothing", "Shoes", "Bags", "Accessories", "Jewelry", "Watches", "Electronics", "Computers", "Phones",
            "Cameras", "Video Games", "Toys", "Collectibles", "Trading Cards", "Books", "Music", "Movies", "Home",
            "Kitchen", "Furniture", "Tools", "Sports", "Outdoors", "Beauty", "Art", "Antiques", "Vehicle Parts",
            "Baby", "Pet Supplies", "Crafts", "Musical Instruments", "Other");

    public AiCategory {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || ItemDetails.length(name) > ItemDetails.CATEGORY_MAX) {
            throw new IllegalArgumentException("category must be 1-" + ItemDetails.CATEGORY_MAX + " characters");
        }
        if (known && !KNOWN.contains(name)) throw new IllegalArgumentException("not a known category: " + name);
    }

    /** The known category this text names (any case), or the text itself marked as free text. */
    public static AiCategory classify(String text) {
        String trimmed = text.strip();
        Optional<String> match = KNOWN.stream().filter(k -> k.toLowerCase(Locale.ROOT).equals(trimmed.toLowerCase(Locale.ROOT))).findFirst();
        return match.map(k -> new AiCategory(k, true)).orElseGet(() -> new AiCategory(trimmed, false));
    }
}
