package com.llatria.domain.item;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * An item's field stamps, worked out only when something asks for them. Stamps are for sync; a
 * page of 50 items shown to a client never looks at them, so a repository can hand them over
 * unparsed. Immutable, and checked (every field stamped) on first use, like the stamps an
 * {@link Item} is made with.
 */
public final class DeferredStamps extends AbstractMap<ItemField, FieldStamp> {
    private final Supplier<Map<ItemField, FieldStamp>> source;
    private volatile Map<ItemField, FieldStamp> stamps;

    public DeferredStamps(Supplier<Map<ItemField, FieldStamp>> source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    private Map<ItemField, FieldStamp> stamps() {
        Map<ItemField, FieldStamp> resolved = stamps;
        if (resolved == null) {
            resolved = Map.copyOf(source.get());
            if (resolved.size() != ItemField.values().length) throw new IllegalArgumentException("every field needs a stamp");
            stamps = resolved;
        }
        return resolved;
    }

    @Override
    public Set<Entry<ItemField, FieldStamp>> entrySet() {
        return stamps().entrySet();
    }

    @Override
    public FieldStamp get(Object key) {
        return stamps().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return stamps().containsKey(key);
    }

    @Override
    public int size() {
        return stamps().size();
    }
}
