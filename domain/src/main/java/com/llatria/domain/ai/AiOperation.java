package com.llatria.domain.ai;

import java.util.Locale;

public enum AiOperation {
    RECOGNIZE, DESCRIBE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
