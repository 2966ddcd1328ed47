package com.llatria.domain.item;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

public record ItemPage(List<Item> items, Optional<PageCursor> next) {
    public ItemPage {
        items = List.copyOf(items);
        Objects.requireNonNull(next, "next");
    }
}
