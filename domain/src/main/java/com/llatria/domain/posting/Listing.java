package com.llatria.domain.posting;

import com.llatria.domain.item.Condition;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.Money;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a platform is asked to show: built from the item and its photos. {@code sku} is
 * derived from the item id ({@link #skuOf}), never from anything the seller can edit, so a
 * retried or repeated post names the same listing.
 */
public record Listing(String sku, String title, String description, Money price, Optional<Condition> condition,
                      Optional<String> category, Optional<String> categoryId, List<String> photoUrls,
                      Map<String, List<String>> aspects) {
    public Listing {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(categoryId, "categoryId");
        photoUrls = List.copyOf(photoUrls);
        aspects = Map.copyOf(aspects);
    }

    /** "LL-" and the item id: 39 characters, inside eBay's 50. */
    public static String skuOf(ItemId item) {
        return "LL-" + item.value();
    }

    /** The item a SKU of ours names; empty for SKUs we did not make. */
    public static Optional<ItemId> itemOf(String sku) {
        if (sku == null || !sku.startsWith("LL-")) return Optional.empty();
        try {
            ItemId id = new ItemId(java.util.UUID.fromString(sku.substring(3)));
            return skuOf(id).equals(sku) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The title cut to {@code max} characters at a word boundary (a word longer than that is cut). */
    public static String cutTitle(String title, int max) {
        String t = title.strip();
        if (t.codePointCount(0, t.length()) <= max) return t;
        String head = t.substring(0, t.offsetByCodePoints(0, max));
        int space = head.lastIndexOf(' ');
        String cut = space > 0 && Character.isWhitespace(t.charAt(head.length())) ? head
                : space > 0 ? head.substring(0, space) : head;
        return cut.strip();
    }
}
