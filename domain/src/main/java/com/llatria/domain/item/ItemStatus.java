package com.llatria.domain.item;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

public enum ItemStatus {
    DRAFT, ACTIVE, SOLD;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ItemStatus> fromWire(String text) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(text)).findFirst();
    }
}
