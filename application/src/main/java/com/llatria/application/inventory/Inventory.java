package com.llatria.application.inventory;

import com.llatria.application.InvalidInput;
import com.llatria.application.photos.ItemPhotos;
import com.llatria.domain.image.ItemImage;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemQuery;
import com.llatria.domain.item.ItemWithPhotos;
import com.llatria.domain.item.ItemStatus;
import com.llatria.domain.item.Lifecycle;
import com.llatria.domain.item.PageCursor;
import com.llatria.domain.item.Sale;
import com.llatria.domain.item.StatusChange;
import com.llatria.domain.item.Transition;
import com.llatria.domain.port.IdGenerator;
import com.llatria.domain.port.ItemRepository;
import com.llatria.domain.sync.ChangeKind;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.user.UserId;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import static com.llatria.application.inventory.ItemEdit.changed;
import static com.llatria.application.inventory.ItemEdit.refused;
import static com.llatria.application.inventory.ItemEdit.unchanged;

/**
 * A seller's inventory. Every write goes through the {@link ItemWriter}; every read is scoped to
 * the owner; every answer is an {@link ItemView}, built inside the transaction that read or wrote it.
 */
public final class Inventory {
    public static final int BULK_MAX = 500;

    private final ItemRepository items;
    private final ItemWriter writer;
    private final ItemViews views;
    private final ItemPhotos photos;
    private final IdGenerator ids;
    private final Clock clock;

    public Inventory(ItemRepository items, ItemWriter writer, ItemViews views, ItemPhotos photos,
                     IdGenerator ids, Clock clock) {
        this.items = items;
        this.writer = writer;
        this.views = views;
        this.photos = photos;
        this.ids = ids;
        this.clock = clock;
    }

    public record Created(ItemView view, boolean isNew) {
    }

    public record Page(List<ItemView> items, Optional<PageCursor> next) {
    }

    /**
     * Creates an item. Devices create items offline with ids of their own; sending the same create
     * again (same id, same content) answers with the stored item however the repeats interleave.
     */
    public Created create(UserId owner, DeviceId device, Optional<ItemId> clientId, ItemInput input) {
        ItemInput.Valid valid = input.validate(now());
        ItemStatus initial = valid.status().orElse(ItemStatus.DRAFT);
        if (initial == ItemStatus.SOLD) {
            throw InvalidInput.of("status", "a new item is draft or active; mark it sold once it exists");
        }
        if (valid.sale().isPresent()) throw InvalidInput.of("soldAt", "a new item is not sold; mark it sold once it exists");
        Lifecycle lifecycle = Lifecycle.of(initial);
        ItemId id = clientId.orElseGet(() -> ids.next(ItemId::new));
        return writer.write(owner, device, id, current -> {
            if (current.isPresent()) {
                Item item = current.get();
                if (!item.deleted() && item.sameContentAs(valid.details(), lifecycle)) {
                    return unchanged(new Created(views.of(item), false));
                }
                return refused(ItemIdConflict.withOtherContent(views.of(item)));
            }
            return changed(ChangeKind.CREATE,
                    stamp -> Item.create(id, owner, valid.details(), lifecycle, stamp.at(), stamp.version(), stamp.hlc()),
                    item -> new Created(views.of(item), true));
        });
    }

    /** The item and its photos come from one statement, which sees one snapshot: no transaction needed. */
    public ItemView get(UserId owner, ItemId id) {
        return views.of(items.findWithPhotos(owner, id).filter(shown -> !shown.item().deleted())
                .orElseThrow(() -> new ItemNotFound(id)));
    }

    /** One statement for the page and its photos, like {@link #get}. */
    public Page list(UserId owner, ItemQuery query) {
        ItemWithPhotos.Page page = items.searchWithPhotos(owner, query);
        return new Page(page.items().stream().map(views::of).toList(), page.next());
    }

    /**
     * Replaces the item's fields. With an expected version, refuses to overwrite a version the
     * client has not seen. A status in the input moves the item through its lifecycle; sale fields
     * describe the sale of an item that is or becomes sold.
     */
    public ItemView update(UserId owner, DeviceId device, ItemId id, ItemInput input, Optional<ExpectedVersion> expected) {
        ItemInput.Valid valid = input.validate(now());
        return writer.write(owner, device, id, current -> replace(current, id, valid, expected));
    }

    /** Changes only the fields the patch names, applied to the item as stored. */
    public ItemView patch(UserId owner, DeviceId device, ItemId id, ItemPatch patch, Optional<ExpectedVersion> expected) {
        return writer.write(owner, device, id, current -> {
            if (current.isEmpty() || current.get().deleted()) return refused(new ItemNotFound(id));
            ItemInput.Valid valid = patch.applyTo(ItemInput.of(current.get())).validate(now());
            return replace(current, id, valid, expected);
        });
    }

    private ItemEdit.Outcome<ItemView> replace(Optional<Item> current, ItemId id, ItemInput.Valid valid,
                                               Optional<ExpectedVersion> expected) {
        if (current.isEmpty() || current.get().deleted()) return refused(new ItemNotFound(id));
        Item item = current.get();
        if (expected.isPresent() && !expected.get().matches(item)) {
            return refused(new StaleVersion(views.of(item), expected.get()));
        }
        ItemStatus target = valid.status().orElse(item.status());
        Lifecycle lifecycle = item.lifecycle();
        if (target != item.status()) {
            StatusChange change = target == ItemStatus.SOLD && valid.sale().isPresent()
                    ? new StatusChange.MarkSold(valid.sale().get())
                    : lifecycle.towards(target, now());
            Transition transition = lifecycle.apply(change);
            if (transition instanceof Transition.Refused r) return refused(new IllegalTransition(r));
            lifecycle = ((Transition.Moved) transition).next();
        } else if (target == ItemStatus.SOLD && valid.sale().isPresent()) {
            lifecycle = Lifecycle.sold(valid.sale().get()); // correcting the sale of a sold item
        }
        // Sale fields on an item that is not (or no longer) sold: the stored sale read back is
        // ignored (a relist of what GET showed), any other sale is a mistake worth saying.
        if (target != ItemStatus.SOLD && valid.sale().isPresent() && !valid.sale().equals(item.lifecycle().sale())) {
            return refused(InvalidInput.of("soldAt", "a sale (soldAt, soldPrice, soldPlatform) is only for sold items"));
        }
        if (item.sameContentAs(valid.details(), lifecycle)) return unchanged(views.of(item));
        Lifecycle next = lifecycle;
        return changed(ChangeKind.UPDATE,
                stamp -> item.rewrite(valid.details(), next, stamp.hlc(), stamp.at(), stamp.version()), views::of);
    }

    public ItemView markSold(UserId owner, DeviceId device, ItemId id, SaleInput sale) {
        return markSold(owner, device, id, sale, Optional.empty());
    }

    public ItemView markSold(UserId owner, DeviceId device, ItemId id, SaleInput sale, Optional<ExpectedVersion> expected) {
        Sale valid = sale.validate(now());
        return writer.write(owner, device, id, current -> {
            Optional<ItemEdit.Outcome<ItemView>> stale = stale(current, expected);
            return stale.isPresent() ? stale.get() : move(current, id, new StatusChange.MarkSold(valid));
        });
    }

    /** A refusal when the stored item is not at a version the client expects. */
    private Optional<ItemEdit.Outcome<ItemView>> stale(Optional<Item> current, Optional<ExpectedVersion> expected) {
        if (current.isEmpty() || current.get().deleted() || expected.isEmpty() || expected.get().matches(current.get())) {
            return Optional.empty();
        }
        return Optional.of(refused(new StaleVersion(views.of(current.get()), expected.get())));
    }

    /**
     * Deletes the item, leaving a tombstone for sync, and its photos with their files.
     * Deleting a deleted item changes nothing.
     */
    public void delete(UserId owner, DeviceId device, ItemId id) {
        delete(owner, device, id, Optional.empty());
    }

    public void delete(UserId owner, DeviceId device, ItemId id, Optional<ExpectedVersion> expected) {
        List<ItemImage> removed = writer.write(owner, device, id, current -> {
            if (current.isPresent() && !current.get().deleted() && expected.isPresent()
                    && !expected.get().matchesExactly(current.get())) {
                return refused(new StaleVersion(views.of(current.get()), expected.get()));
            }
            return deletion(current, id, owner);
        });
        photos.discardFiles(removed);
    }

    private ItemEdit.Outcome<List<ItemImage>> deletion(Optional<Item> current, ItemId id, UserId owner) {
        if (current.isEmpty()) return refused(new ItemNotFound(id));
        Item item = current.get();
        if (item.deleted()) return unchanged(List.of());
        List<ItemImage> removed = photos.detachAll(owner, id);
        return changed(ChangeKind.DELETE, stamp -> item.delete(stamp.hlc(), stamp.at(), stamp.version()), deleted -> removed);
    }

    /**
     * Applies one action to many items. Each id is its own write: one that is refused (not found,
     * not allowed in its status) is reported and does not undo the others.
     */
    public List<BulkResult> bulk(UserId owner, DeviceId device, BulkAction action, List<ItemId> targets, SaleInput sale) {
        if (targets.isEmpty()) throw InvalidInput.of("ids", "must name at least one item");
        if (targets.size() > BULK_MAX) throw InvalidInput.of("ids", "must name at most " + BULK_MAX + " items");
        Optional<Sale> validSale = action == BulkAction.MARK_SOLD ? Optional.of(sale.validate(now())) : Optional.empty();
        List<BulkResult> results = new ArrayList<>();
        for (ItemId id : new LinkedHashSet<>(targets)) {
            if (action == BulkAction.DELETE) {
                ItemWriter.WriteResult<List<ItemImage>> result = writer.attempt(owner, device, id, c -> deletion(c, id, owner));
                if (result instanceof ItemWriter.WriteResult.Done<List<ItemImage>> done) photos.discardFiles(done.value());
                results.add(BulkResult.of(id, result, Optional.empty()));
            } else {
                StatusChange change = action == BulkAction.MARK_SOLD
                        ? new StatusChange.MarkSold(validSale.orElseThrow()) : new StatusChange.Relist();
                ItemWriter.WriteResult<ItemView> result = writer.attempt(owner, device, id, c -> move(c, id, change));
                results.add(BulkResult.of(id, result, result instanceof ItemWriter.WriteResult.Done<ItemView> d
                        ? Optional.of(d.value()) : Optional.empty()));
            }
        }
        return results;
    }

    private ItemEdit.Outcome<ItemView> move(Optional<Item> current, ItemId id, StatusChange change) {
        if (current.isEmpty() || current.get().deleted()) return refused(new ItemNotFound(id));
        Item item = current.get();
        Transition transition = item.lifecycle().apply(change);
        if (transition instanceof Transition.Refused r) return refused(new IllegalTransition(r));
        Lifecycle next = ((Transition.Moved) transition).next();
        return changed(ChangeKind.UPDATE,
                stamp -> item.rewrite(item.details(), next, stamp.hlc(), stamp.at(), stamp.version()), views::of);
    }

    private static Item live(Optional<Item> item, ItemId id) {
        return item.filter(i -> !i.deleted()).orElseThrow(() -> new ItemNotFound(id));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
