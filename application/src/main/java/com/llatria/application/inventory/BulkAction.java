package com.llatria.application.inventory;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

public enum BulkAction {
    DELETE, MARK_SOLD, RELIST;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<BulkAction> fromWire(String text) {
        return Arrays.stream(values()).filter(a -> a.wireName().equals(text)).findFirst();
    }
}
