package com.llatria.domain.item;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

public enum Condition {
    NEW, LIKE_NEW, USED, FAIR, POOR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Condition> fromWire(String text) {
        return Arrays.stream(values()).filter(c -> c.wireName().equals(text)).findFirst();
    }
}
