package com.llatria.domain.item;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where an item sold: one of the platforms we post to, or anywhere else (a market stall, a friend). */
public enum SalesChannel {
    EBAY, FACEBOOK, WEBSITE, OTHER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SalesChannel> fromWire(String text) {
        return Arrays.stream(values()).filter(c -> c.wireName().equals(text)).findFirst();
    }
}
