package com.llatria.domain.item;

import com.llatria.domain.sync.Change;
import com.llatria.domain.sync.Hlc;
import com.llatria.domain.sync.MergeResult;
import com.llatria.domain.sync.Register;
import com.llatria.domain.sync.Replica;
import com.llatria.domain.sync.SyncMerge;
import com.llatria.domain.sync.Tombstone;
import com.llatria.domain.sync.Write;
import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Applies a device's change to an item through the generic per-field merge. */
public final class ItemSync {
    private ItemSync() {
    }

    public record Merged(Item item, MergeResult<ItemField, ItemValue> result) {
    }

    public static Replica<ItemField, ItemValue> replica(Item item) {
        Map<ItemField, Register<ItemValue>> registers = new EnumMap<>(ItemField.class);
        for (ItemField field : ItemField.values()) {
            FieldStamp stamp = item.stamps().get(field);
            registers.put(field, new Register<>(field.valueIn(item.details(), item.lifecycle()), stamp.stamp(),
                    stamp.version(), stamp.seen()));
        }
        return new Replica<>(registers, item.deletion().map(d -> new Tombstone(d.stamp())), item.restored(), item.deletesSeen());
    }

    /**
     * Merges {@code change} into {@code item}. A write whose value belongs to another field is a
     * programming error upstream (the codec builds writes from the field they name).
     */
    public static Merged merge(Item item, Change<ItemField, ItemValue> change, Instant now, long newVersion) {
        requireMatchingFields(change.writes());
        MergeResult<ItemField, ItemValue> result = SyncMerge.merge(replica(item), change, newVersion);
        if (!result.changed()) {
            return new Merged(item, result);
        }
        Replica<ItemField, ItemValue> merged = result.replica();
        ItemDetails details = item.details();
        Lifecycle lifecycle = item.lifecycle();
        Map<ItemField, FieldStamp> stamps = new EnumMap<>(ItemField.class);
        for (Map.Entry<ItemField, Register<ItemValue>> entry : merged.fields().entrySet()) {
            Register<ItemValue> register = entry.getValue();
            details = register.value().applyTo(details);
            if (register.value() instanceof ItemValue.Status status) lifecycle = status.value();
            stamps.put(entry.getKey(), new FieldStamp(register.stamp(), register.changedAtVersion(), register.seen()));
        }
        Optional<Deletion> deletion = merged.tombstone().map(t ->
                item.deletion().filter(d -> d.stamp().equals(t.stamp())).orElse(new Deletion(now, t.stamp())));
        Item next = new Item(item.id(), item.owner(), details, lifecycle, item.createdAt(), now, newVersion, deletion, stamps,
                merged.restored(), merged.deletesSeen());
        return new Merged(next, result);
    }

    /**
     * A new item from a device's first write of it. Fields the device did not send take their
     * defaults under a zero stamp, so that any real write to them wins.
     *
     * @throws IllegalArgumentException when title or price is missing (a new item needs both)
     */
    public static Item create(ItemId id, UserId owner, Map<ItemField, Write<ItemValue>> writes, Instant now, long version) {
        requireMatchingFields(writes);
        Write<ItemValue> titleWrite = writes.get(ItemField.TITLE);
        Write<ItemValue> priceWrite = writes.get(ItemField.PRICE);
        if (titleWrite == null || !(titleWrite.value() instanceof ItemValue.Title title)
                || priceWrite == null || !(priceWrite.value() instanceof ItemValue.Price price)) {
            throw new IllegalArgumentException("a new item needs a title and a price");
        }
        ItemDetails details = ItemDetails.titled(title.value(), price.value());
        Lifecycle lifecycle = Lifecycle.draft();
        Map<ItemField, FieldStamp> stamps = new EnumMap<>(ItemField.class);
        for (ItemField field : ItemField.values()) {
            Write<ItemValue> write = writes.get(field);
            if (write == null) {
                stamps.put(field, new FieldStamp(new Hlc(0, 0, titleWrite.stamp().device()), version));
                continue;
            }
            details = write.value().applyTo(details);
            if (write.value() instanceof ItemValue.Status status) lifecycle = status.value();
            stamps.put(field, new FieldStamp(write.stamp(), version, Map.of(write.sent().device(), write.sent())));
        }
        return new Item(id, owner, details, lifecycle, now, now, version, Optional.empty(), stamps);
    }

    /**
     * The item with {@code values} written by one server stamp: a user's resolution of a
     * conflict. With {@code undelete}, a deleted item comes back (a delete/edit conflict resolved
     * in favour of the edit), keeping {@code stamp} as its restore stamp: a delete stamped before
     * it does not undo it. Only the fields whose value changes take the new stamp.
     */
    public static Item resolve(Item item, List<ItemValue> values, boolean undelete, Hlc stamp, Instant now, long version) {
        ItemDetails details = item.details();
        Lifecycle lifecycle = item.lifecycle();
        for (ItemValue value : values) {
            details = value.applyTo(details);
            if (value instanceof ItemValue.Status status) lifecycle = status.value();
        }
        Item base = undelete && item.deleted()
                ? new Item(item.id(), item.owner(), item.details(), item.lifecycle(), item.createdAt(), item.updatedAt(),
                        item.version(), Optional.empty(), item.stamps(), Optional.of(stamp), item.deletesSeen())
                : item;
        return base.rewrite(details, lifecycle, stamp, now, version);
    }

    private static void requireMatchingFields(Map<ItemField, Write<ItemValue>> writes) {
        writes.forEach((field, write) -> {
            if (write.value().field() != field) {
                throw new IllegalArgumentException(field + " cannot hold a value of " + write.value().field());
            }
        });
    }
}
