package com.llatria.application.inventory;

import com.llatria.application.InvalidInput;
import com.llatria.application.photos.ItemPhotos;
import com.llatria.domain.image.ItemImage;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemDetails;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemPage;
import com.llatria.domain.item.ItemQuery;
import com.llatria.domain.item.ItemStatus;
import com.llatria.domain.item.Lifecycle;
import com.llatria.domain.item.StatusChange;
import com.llatria.domain.item.Transition;
import com.llatria.domain.port.ChangeLog;
import com.llatria.domain.port.IdGenerator;
import com.llatria.domain.port.ItemRepository;
import com.llatria.domain.port.Transactions;
import com.llatria.domain.sync.ChangeKind;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.EntityType;
import com.llatria.domain.sync.HybridLogicalClock;
import com.llatria.domain.sync.NewChange;
import com.llatria.domain.user.UserId;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * A seller's inventory. Every write runs in one transaction that also appends to the owner's
 * change log, whose version becomes the item's version; every read is scoped to the owner.
 */
public final class Inventory {
    public static final int BULK_MAX = 500;

    private final ItemRepository items;
    private final ChangeLog changeLog;
    private final Transactions transactions;
    private final IdGenerator ids;
    private final Clock clock;
    private final HybridLogicalClock hlc;
    private final ItemPhotos photos;

    public Inventory(ItemRepository items, ChangeLog changeLog, Transactions transactions, IdGenerator ids, Clock clock,
                     HybridLogicalClock hlc, ItemPhotos photos) {
        this.items = items;
        this.changeLog = changeLog;
        this.transactions = transactions;
        this.ids = ids;
        this.clock = clock;
        this.hlc = hlc;
        this.photos = photos;
    }

    public record Created(Item item, boolean isNew) {
    }

    /**
     * Creates an item. Devices create items offline with ids of their own; sending the same
     * create again (same id, same content) is answered with the stored item, not an error.
     */
    public Created create(UserId owner, DeviceId device, Optional<ItemId> clientId, ItemInput input) {
        ItemInput.Valid valid = input.validate();
        ItemStatus initial = valid.status().orElse(ItemStatus.DRAFT);
        if (initial == ItemStatus.SOLD) {
            throw InvalidInput.of("status", "a new item is draft or active; mark it sold once it exists");
        }
        Lifecycle lifecycle = Lifecycle.of(initial);
        ItemId id = clientId.orElseGet(() -> new ItemId(ids.next()));
        return transactions.inTransaction(() -> {
            Optional<Item> existing = items.find(owner, id);
            if (existing.isPresent()) {
                Item item = existing.get();
                if (!item.deleted() && item.sameContentAs(valid.details(), lifecycle)) return new Created(item, false);
                throw new ItemIdConflict(item.deleted()
                        ? "an item with this id was deleted" : "an item with this id exists with other content",
                        Optional.of(item));
            }
            Instant now = now();
            long version = changeLog.append(owner, new NewChange(EntityType.ITEM, id.value(), ChangeKind.CREATE, device, now));
            Item item = Item.create(id, owner, valid.details(), lifecycle, now, version, hlc.now());
            if (!items.insert(item)) {
                // Someone else's id. Throwing rolls back the version taken above.
                throw new ItemIdConflict("this id is not available; use another", Optional.empty());
            }
            return new Created(item, true);
        });
    }

    public Item get(UserId owner, ItemId id) {
        return items.find(owner, id).filter(item -> !item.deleted()).orElseThrow(() -> new ItemNotFound(id));
    }

    public ItemPage list(UserId owner, ItemQuery query) {
        return items.search(owner, query);
    }

    /**
     * Replaces the item's fields. With {@code expectedVersion}, refuses to overwrite a newer
     * version than the client saw. A status in the input moves the item through its lifecycle.
     */
    public Item update(UserId owner, DeviceId device, ItemId id, ItemInput input, Optional<Long> expectedVersion) {
        ItemInput.Valid valid = input.validate();
        return transactions.inTransaction(() -> {
            Item item = get(owner, id);
            if (expectedVersion.isPresent() && expectedVersion.get() != item.version()) {
                throw new StaleVersion(item, expectedVersion.get());
            }
            Lifecycle lifecycle = item.lifecycle();
            if (valid.status().isPresent() && valid.status().get() != item.status()) {
                lifecycle = move(item, lifecycle.towards(valid.status().get(), now()));
            }
            if (item.sameContentAs(valid.details(), lifecycle)) return item;
            return write(item, device, valid.details(), lifecycle);
        });
    }

    public Item markSold(UserId owner, DeviceId device, ItemId id, SaleInput sale) {
        StatusChange change = new StatusChange.MarkSold(sale.validate(now()));
        return transactions.inTransaction(() -> {
            Item item = get(owner, id);
            return write(item, device, item.details(), move(item, change));
        });
    }

    /**
     * Deletes the item, leaving a tombstone for sync, and its photos with their files.
     * Deleting a deleted item is a no-op.
     */
    public Item delete(UserId owner, DeviceId device, ItemId id) {
        List<ItemImage> removedPhotos = new ArrayList<>();
        Item tombstone = transactions.inTransaction(() -> {
            Item item = items.find(owner, id).orElseThrow(() -> new ItemNotFound(id));
            if (item.deleted()) return item;
            Instant now = now();
            long version = changeLog.append(owner, new NewChange(EntityType.ITEM, id.value(), ChangeKind.DELETE, device, now));
            Item deleted = item.delete(hlc.now(), now, version);
            items.update(deleted);
            removedPhotos.addAll(photos.detachAll(owner, id));
            return deleted;
        });
        photos.discardFiles(removedPhotos);
        return tombstone;
    }

    /**
     * Applies one action to many items. Each id is its own transaction: one that fails (not
     * found, not allowed in its status) is reported and does not undo the others.
     */
    public List<BulkResult> bulk(UserId owner, DeviceId device, BulkAction action, List<ItemId> targets, SaleInput sale) {
        if (targets.isEmpty()) throw InvalidInput.of("ids", "must name at least one item");
        if (targets.size() > BULK_MAX) throw InvalidInput.of("ids", "must name at most " + BULK_MAX + " items");
        if (action == BulkAction.MARK_SOLD) sale.validate(now());
        List<BulkResult> results = new ArrayList<>();
        for (ItemId id : new LinkedHashSet<>(targets)) {
            try {
                results.add(switch (action) {
                    case DELETE -> BulkResult.ok(delete(owner, device, id));
                    case MARK_SOLD -> BulkResult.ok(markSold(owner, device, id, sale));
                    case RELIST -> BulkResult.ok(relist(owner, device, id));
                });
            } catch (ItemNotFound e) {
                results.add(BulkResult.failed(id, BulkResult.Outcome.NOT_FOUND, e.getMessage()));
            } catch (IllegalTransition e) {
                results.add(BulkResult.failed(id, BulkResult.Outcome.ILLEGAL_TRANSITION, e.getMessage()));
            }
        }
        return results;
    }

    private Item relist(UserId owner, DeviceId device, ItemId id) {
        return transactions.inTransaction(() -> {
            Item item = get(owner, id);
            return write(item, device, item.details(), move(item, new StatusChange.Relist()));
        });
    }

    private static Lifecycle move(Item item, StatusChange change) {
        Transition transition = item.lifecycle().apply(change);
        if (transition instanceof Transition.Refused refused) throw new IllegalTransition(refused);
        return ((Transition.Moved) transition).next();
    }

    private Item write(Item item, DeviceId device, ItemDetails details, Lifecycle lifecycle) {
        Instant now = now();
        long version = changeLog.append(item.owner(), new NewChange(EntityType.ITEM, item.id().value(), ChangeKind.UPDATE, device, now));
        Item next = item.rewrite(details, lifecycle, hlc.now(), now, version);
        items.update(next);
        return next;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
