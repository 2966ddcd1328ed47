package com.llatria.domain.item;

import com.llatria.domain.sync.Change;
import com.llatria.domain.sync.MergeResult;
import com.llatria.domain.sync.Register;
import com.llatria.domain.sync.Replica;
import com.llatria.domain.sync.SyncMerge;
import com.llatria.domain.sync.Tombstone;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Applies a device's change to an item through the generic per-field merge. */
public final class ItemSync {
    private ItemSync() {
    }

    public record Merged(Item item, MergeResult<ItemField> result) {
    }

    public static Replica<ItemField> replica(Item item) {
        Map<ItemField, Register> registers = new EnumMap<>(ItemField.class);
        for (ItemField field : ItemField.values()) {
            FieldStamp stamp = item.stamps().get(field);
            registers.put(field, new Register(field.valueIn(item.details(), item.lifecycle()), stamp.stamp(), stamp.version()));
        }
        return new Replica<>(registers, item.deletion().map(d -> new Tombstone(d.stamp())));
    }

    /**
     * Merges {@code change} into {@code item}. The values in the change's writes must have the
     * types {@link ItemField#valueIn} gives; a wrong type is a programming error upstream.
     */
    public static Merged merge(Item item, Change<ItemField> change, Instant now, long newVersion) {
        MergeResult<ItemField> result = SyncMerge.merge(replica(item), change, newVersion);
        if (!result.changed()) {
            return new Merged(item, result);
        }
        Replica<ItemField> merged = result.replica();
        ItemDetails details = new ItemDetails(
                (String) merged.value(ItemField.TITLE),
                (String) merged.value(ItemField.DESCRIPTION),
                (Money) merged.value(ItemField.PRICE),
                optional(merged.value(ItemField.CONDITION)),
                optional(merged.value(ItemField.CATEGORY)),
                optional(merged.value(ItemField.SKU)),
                optional(merged.value(ItemField.COST)));
        Map<ItemField, FieldStamp> stamps = new EnumMap<>(ItemField.class);
        merged.fields().forEach((field, register) ->
                stamps.put(field, new FieldStamp(register.stamp(), register.changedAtVersion())));
        Optional<Deletion> deletion = merged.tombstone().map(t ->
                item.deletion().filter(d -> d.stamp().equals(t.stamp())).orElse(new Deletion(now, t.stamp())));
        Item next = new Item(item.id(), item.owner(), details, (Lifecycle) merged.value(ItemField.LIFECYCLE),
                item.createdAt(), now, newVersion, deletion, stamps);
        return new Merged(next, result);
    }

    @SuppressWarnings("unchecked")
    private static <T> Optional<T> optional(Object value) {
        return (Optional<T>) value;
    }
}
