package com.llatria.domain.item;

import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.Hlc;
import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing a seller owns and may sell. {@code version} is the owner's change-log version of the
 * item's last write; {@code stamps} hold each field's last write for sync; a deleted item stays
 * as a tombstone ({@code deletion}) so that every device learns of the delete; a deleted item
 * that a user restored keeps the restore's stamp ({@code restored}), which older deletes do not undo;
 * {@code deletesSeen} remembers per device the latest delete merged into the item, as sent (see
 * {@code Replica.deletesSeen}), through restores too.
 */
public record Item(
        ItemId id,
        UserId owner,
        ItemDetails details,
        Lifecycle lifecycle,
        Instant createdAt,
        Instant updatedAt,
        long version,
        Optional<Deletion> deletion,
        Map<ItemField, FieldStamp> stamps,
        Optional<Hlc> restored,
        Map<DeviceId, Hlc> deletesSeen) {

    public Item {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(deletion, "deletion");
        Objects.requireNonNull(restored, "restored");
        deletesSeen = Map.copyOf(deletesSeen);
        // a tombstone carries its own stamp; a restore's only matters while the item lives
        if (deletion.isPresent()) restored = Optional.empty();
        // deferred stamps stay unparsed until asked for, and check themselves then
        if (!(stamps instanceof DeferredStamps)) {
            stamps = Map.copyOf(stamps);
            if (stamps.size() != ItemField.values().length) throw new IllegalArgumentException("every field needs a stamp");
        }
        if (version < 1) throw new IllegalArgumentException("version starts at 1");
    }

    /** An item no synced delete ever reached. */
    public Item(ItemId id, UserId owner, ItemDetails details, Lifecycle lifecycle, Instant createdAt, Instant updatedAt,
                long version, Optional<Deletion> deletion, Map<ItemField, FieldStamp> stamps, Optional<Hlc> restored) {
        this(id, owner, details, lifecycle, createdAt, updatedAt, version, deletion, stamps, restored, Map.of());
    }

    /** An item that was never restored. */
    public Item(ItemId id, UserId owner, ItemDetails details, Lifecycle lifecycle, Instant createdAt, Instant updatedAt,
                long version, Optional<Deletion> deletion, Map<ItemField, FieldStamp> stamps) {
        this(id, owner, details, lifecycle, createdAt, updatedAt, version, deletion, stamps, Optional.empty());
    }

    /** A new item, every field stamped by the write that created it. */
    public static Item create(ItemId id, UserId owner, ItemDetails details, Lifecycle lifecycle,
                              Instant now, long version, Hlc stamp) {
        Map<ItemField, FieldStamp> stamps = new EnumMap<>(ItemField.class);
        for (ItemField field : ItemField.values()) stamps.put(field, new FieldStamp(stamp, version));
        return new Item(id, owner, details, lifecycle, now, now, version, Optional.empty(), stamps);
    }

    public ItemStatus status() {
        return lifecycle.status();
    }

    public boolean deleted() {
        return deletion.isPresent();
    }

    /** Same title, price, status and so on: what makes a repeated create harmless. */
    public boolean sameContentAs(ItemDetails otherDetails, Lifecycle otherLifecycle) {
        return details.equals(otherDetails) && lifecycle.equals(otherLifecycle);
    }

    /** The item with new details and lifecycle; only the fields that really changed get the new stamp. */
    public Item rewrite(ItemDetails newDetails, Lifecycle newLifecycle, Hlc stamp, Instant now, long newVersion) {
        Map<ItemField, FieldStamp> newStamps = new EnumMap<>(stamps);
        for (ItemField field : ItemField.values()) {
            if (!Objects.equals(field.valueIn(details, lifecycle), field.valueIn(newDetails, newLifecycle))) {
                newStamps.put(field, stamps.get(field).rewritten(stamp, newVersion));
            }
        }
        return new Item(id, owner, newDetails, newLifecycle, createdAt, now, newVersion, deletion, newStamps, restored, deletesSeen);
    }

    /**
     * The version of the last write that changed one of the item's fields (title, description,
     * price, condition, category, SKU, cost, status): writes of its child rows (postings, photos)
     * move {@code version} but not this. What a conditional write of the fields compares with.
     */
    public long contentVersion() {
        long latest = 1;
        for (FieldStamp stamp : stamps.values()) latest = Math.max(latest, stamp.version());
        return Math.min(latest, version);
    }

    /** A write to one of the item's child rows (a photo, a posting): a new version, no field changes. */
    public Item touch(Instant now, long newVersion) {
        return new Item(id, owner, details, lifecycle, createdAt, now, newVersion, deletion, stamps, restored, deletesSeen);
    }

    public Item delete(Hlc stamp, Instant now, long newVersion) {
        return new Item(id, owner, details, lifecycle, createdAt, now, newVersion,
                Optional.of(new Deletion(now, stamp)), stamps, Optional.empty(), deletesSeen);
    }
}
