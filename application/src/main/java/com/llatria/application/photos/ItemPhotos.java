package com.llatria.application.photos;

import com.llatria.application.InvalidInput;
import com.llatria.application.inventory.ExpectedVersion;
import com.llatria.application.inventory.ItemNotFound;
import com.llatria.application.inventory.StaleVersion;
import com.llatria.application.inventory.ItemViews;
import com.llatria.application.inventory.ItemWriter;
import com.llatria.application.inventory.WriteStamp;
import com.llatria.domain.image.ImageId;
import com.llatria.domain.image.ImageVariant;
import com.llatria.domain.image.ItemImage;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.port.IdGenerator;
import com.llatria.domain.port.ImageRepository;
import com.llatria.domain.port.ImageStore;
import com.llatria.domain.port.ItemRepository;
import com.llatria.domain.sync.ChangeKind;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.user.UserId;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static com.llatria.application.inventory.ItemEdit.changed;
import static com.llatria.application.inventory.ItemEdit.refused;
import static com.llatria.application.inventory.ItemEdit.unchanged;

/**
 * An item's photos: add, reorder, delete. A photo change is a change to the item (a new version
 * in the change log, so devices pull it) and goes through the {@link ItemWriter}. An upload is
 * all or nothing: the files are processed and stored first ({@link PhotoPipeline}), then the rows
 * are written in one transaction; if that fails, the stored files are removed again.
 */
public final class ItemPhotos {
    /** eBay's limit, the strictest of the marketplaces we post to. */
    public static final int MAX_PHOTOS = 24;
    public static final long MAX_BYTES = PhotoPipeline.MAX_BYTES;

    private final ItemRepository items;
    private final ImageRepository images;
    private final ImageStore store;
    private final PhotoPipeline pipeline;
    private final ItemWriter writer;
    private final ItemViews views;
    private final IdGenerator ids;
    private final Clock clock;

    public ItemPhotos(ItemRepository items, ImageRepository images, ImageStore store, PhotoPipeline pipeline,
                      ItemWriter writer, ItemViews views, IdGenerator ids, Clock clock) {
        this.items = items;
        this.images = images;
        this.store = store;
        this.pipeline = pipeline;
        this.writer = writer;
        this.views = views;
        this.ids = ids;
        this.clock = clock;
    }

    /** The item's photos after a change, and the item's version that change made. */
    public record PhotoChange(long itemVersion, List<PhotoView> photos) {
    }

    /** A stored file's bytes, for a server that serves its own files. */
    /** An upload re-encoded as a JPEG in the variant's box, without its metadata; stored nowhere (see {@link PhotoPipeline#reencoded}). */
    public byte[] reencoded(PhotoUpload upload, ImageVariant variant) {
        return pipeline.reencoded(upload, variant);
    }

    public Optional<byte[]> file(String key) {
        return store.get(key);
    }

    public PhotoChange add(UserId owner, DeviceId device, ItemId itemId, List<PhotoUpload> uploads) {
        return add(owner, device, itemId, uploads, Optional.empty());
    }

    /** Adds the photos; with an expected version, only to the item as the client last saw it. */
    public PhotoChange add(UserId owner, DeviceId device, ItemId itemId, List<PhotoUpload> uploads,
                           Optional<ExpectedVersion> expected) {
        checkUploads(uploads);
        // Checked before the expensive work, and again under the lock below.
        Item before = items.find(owner, itemId).filter(item -> !item.deleted()).orElseThrow(() -> new ItemNotFound(itemId));
        checkRoom(images.forItem(owner, before.id()).size(), uploads.size());
        Staged staged = stage(owner, itemId, uploads);
        try {
            return attach(owner, device, staged, expected);
        } catch (RuntimeException | Error e) {
            discard(staged);
            throw e;
        }
    }

    /**
     * Photos processed and their files stored for an item, not yet its photos: {@link #attach}
     * them in a write (which may be part of a larger transaction, such as the item's creation),
     * or {@link #discard} them.
     */
    public record Staged(UserId owner, ItemId item, Instant at, List<PhotoPipeline.Stored> photos) {
        public Staged {
            photos = List.copyOf(photos);
        }

        /** Each photo's medium JPEG (re-encoded, no metadata), in upload order. */
        public List<byte[]> mediumJpegs() {
            return photos.stream().map(p -> p.mediumJpeg().orElseThrow(() -> new IllegalStateException("no medium JPEG for " + p.id())))
                    .toList();
        }
    }

    /** Processes the uploads and stores their files for the item (which need not exist yet); nothing is written to the item. */
    public Staged stage(UserId owner, ItemId itemId, List<PhotoUpload> uploads) {
        checkUploads(uploads);
        checkRoom(0, uploads.size());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<ImageId> newIds = uploads.stream().map(u -> ids.next(ImageId::new)).toList();
        return new Staged(owner, itemId, now, pipeline.process(owner, itemId, uploads, newIds, now.toEpochMilli()));
    }

    /** Makes staged photos the item's (after its existing ones): one item write; the caller discards them if it fails. */
    public PhotoChange attach(UserId owner, DeviceId device, Staged staged, Optional<ExpectedVersion> expected) {
        if (!staged.owner().equals(owner)) throw new IllegalArgumentException("photos staged for another owner");
        ItemId itemId = staged.item();
        List<PhotoPipeline.Stored> stored = staged.photos();
        // A photo write (9.34: it changes what a live listing shows), whether alone or inside the draft's creation.
        return PhotoWrites.run(() -> writer.write(owner, device, itemId, current -> {
            if (current.isEmpty() || current.get().deleted()) return refused(new ItemNotFound(itemId));
            if (isStale(owner, current.get(), expected)) return refused(new StaleVersion(views.of(current.get()), expected.get()));
            List<ItemImage> existing = images.forItem(owner, itemId);
            int room = MAX_PHOTOS - existing.size();
            if (stored.size() > room) return refused(tooMany(existing.size()));
            int next = existing.stream().mapToInt(ItemImage::position).max().orElse(-1) + 1;
            List<ItemImage> added = new ArrayList<>();
            for (int i = 0; i < stored.size(); i++) {
                ItemImage image = new ItemImage(stored.get(i).id(), owner, itemId, next + i, staged.at(), stored.get(i).renditions());
                images.insert(image);
                added.add(image);
            }
            Item item = current.get();
            return changed(ChangeKind.UPDATE, stamp -> photosWritten(item, stamp),
                    i -> new PhotoChange(i.version(), views.photos(added)));
        }));
    }

    /** Removes staged files that never became photos (their write failed or was never made). */
    public void discard(Staged staged) {
        pipeline.discard(staged.photos().stream().flatMap(s -> s.renditions().stream().map(r -> r.key())).toList());
    }

    private static void checkUploads(List<PhotoUpload> uploads) {
        if (uploads.isEmpty()) throw InvalidInput.of("files", "send at least one photo");
        for (PhotoUpload upload : uploads) {
            if (upload.size() > MAX_BYTES) throw new PhotoTooLarge(upload.filename(), upload.size(), MAX_BYTES);
        }
    }

    public long delete(UserId owner, DeviceId device, ItemId itemId, ImageId imageId) {
        return delete(owner, device, itemId, imageId, Optional.empty());
    }

    /** Deletes one photo; returns the item's new version. */
    public long delete(UserId owner, DeviceId device, ItemId itemId, ImageId imageId, Optional<ExpectedVersion> expected) {
        record Removed(ItemImage image, long version) {
        }
        Removed removed = PhotoWrites.run(() -> writer.write(owner, device, itemId, current -> {
            if (current.isEmpty() || current.get().deleted()) return refused(new ItemNotFound(itemId));
            if (isStale(owner, current.get(), expected)) return refused(new StaleVersion(views.of(current.get()), expected.get()));
            Optional<ItemImage> image = images.forItem(owner, itemId).stream().filter(i -> i.id().equals(imageId)).findFirst();
            if (image.isEmpty()) return refused(new PhotoNotFound(imageId));
            images.delete(owner, itemId, imageId);
            Item item = current.get();
            return changed(ChangeKind.UPDATE, stamp -> photosWritten(item, stamp),
                    i -> new Removed(image.get(), i.version()));
        }));
        discardFiles(List.of(removed.image()));
        return removed.version();
    }

    /** Puts the photos in the given order, which must name each of the item's photos exactly once. */
    public PhotoChange reorder(UserId owner, DeviceId device, ItemId itemId, List<ImageId> order) {
        return reorder(owner, device, itemId, order, Optional.empty());
    }

    public PhotoChange reorder(UserId owner, DeviceId device, ItemId itemId, List<ImageId> order,
                               Optional<ExpectedVersion> expected) {
        return PhotoWrites.run(() -> writer.write(owner, device, itemId, current -> {
            if (current.isEmpty() || current.get().deleted()) return refused(new ItemNotFound(itemId));
            if (isStale(owner, current.get(), expected)) return refused(new StaleVersion(views.of(current.get()), expected.get()));
            List<ItemImage> photos = images.forItem(owner, itemId);
            List<ImageId> currentIds = photos.stream().map(ItemImage::id).toList();
            Optional<InvalidInput> problem = permutationProblem(currentIds, order);
            if (problem.isPresent()) return refused(problem.get());
            if (currentIds.equals(order)) return unchanged(new PhotoChange(current.get().version(), views.photos(photos)));
            images.reorder(owner, itemId, order);
            Item item = current.get();
            return changed(ChangeKind.UPDATE, stamp -> photosWritten(item, stamp),
                    i -> new PhotoChange(i.version(), views.photos(images.forItem(owner, itemId))));
        }));
    }

    /** Removes an item's photo rows; call inside the write that deletes the item, then {@link #discardFiles}. */
    public List<ItemImage> detachAll(UserId owner, ItemId itemId) {
        return images.deleteAll(owner, itemId);
    }

    /**
     * Deletes the files of photos whose rows are already gone. A store that fails here leaves
     * orphan files, never a photo without files; the failure is logged.
     */
    public void discardFiles(List<ItemImage> removed) {
        pipeline.discard(removed.stream().flatMap(image -> image.keys().stream()).toList());
    }

    private boolean isStale(UserId owner, Item item, Optional<ExpectedVersion> expected) {
        return expected.isPresent() && !expected.get().matchesPhotos(item, images.photosVersion(owner, item.id()));
    }

    /** The item after a photo write: a new version, no field changed; the photos' own version is that one (9.41). */
    private Item photosWritten(Item item, WriteStamp stamp) {
        images.photosWritten(item.owner(), item.id(), stamp.version());
        return item.touch(stamp.at(), stamp.version());
    }

    private static void checkRoom(int existing, int adding) {
        if (existing + adding > MAX_PHOTOS) throw tooMany(existing);
    }

    private static InvalidInput tooMany(int existing) {
        return InvalidInput.of("files", "an item holds at most " + MAX_PHOTOS + " photos; it has " + existing
                + (existing >= MAX_PHOTOS ? "" : ", so at most " + (MAX_PHOTOS - existing) + " more can be added"));
    }

    private static Optional<InvalidInput> permutationProblem(List<ImageId> current, List<ImageId> order) {
        Set<ImageId> seen = new HashSet<>();
        Set<ImageId> repeated = new LinkedHashSet<>();
        for (ImageId id : order) if (!seen.add(id)) repeated.add(id);
        Set<ImageId> unknown = new LinkedHashSet<>(order);
        current.forEach(unknown::remove);
        Set<ImageId> missing = new LinkedHashSet<>(current);
        order.forEach(missing::remove);
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) problems.add("missing " + missing);
        if (!unknown.isEmpty()) problems.add("not photos of this item " + unknown);
        if (!repeated.isEmpty()) problems.add("listed twice " + repeated);
        if (problems.isEmpty()) return Optional.empty();
        return Optional.of(InvalidInput.of("imageIds", "must list each of the item's " + current.size()
                + " photos exactly once: " + String.join("; ", problems)));
    }
}
