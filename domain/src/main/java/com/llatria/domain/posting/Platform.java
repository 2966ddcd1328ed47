package com.llatria.domain.posting;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The places an item is posted to. */
public enum Platform {
    EBAY, FACEBOOK, WEBSITE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Platform> fromWire(String text) {
        return Arrays.stream(values()).filter(p -> p.wireName().equals(text)).findFirst();
    }
}
