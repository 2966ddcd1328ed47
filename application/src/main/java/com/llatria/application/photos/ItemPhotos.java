package com.llatria.application.photos;

import com.llatria.application.InvalidInput;
import com.llatria.application.inventory.ItemNotFound;
import com.llatria.domain.image.ImageId;
import com.llatria.domain.image.ItemImage;
import com.llatria.domain.image.ProcessedImage;
import com.llatria.domain.image.ProcessingResult;
import com.llatria.domain.image.StoredRendition;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.port.ChangeLog;
import com.llatria.domain.port.IdGenerator;
import com.llatria.domain.port.ImageProcessor;
import com.llatria.domain.port.ImageRepository;
import com.llatria.domain.port.ImageStore;
import com.llatria.domain.port.ItemRepository;
import com.llatria.domain.port.Transactions;
import com.llatria.domain.sync.ChangeKind;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.EntityType;
import com.llatria.domain.sync.HybridLogicalClock;
import com.llatria.domain.sync.NewChange;
import com.llatria.domain.user.UserId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An item's photos. An upload is all or nothing: every file is processed and stored, then the
 * rows are written in one transaction; if any file is refused, the store fails or the database
 * does, the files already stored are removed again and no row exists. Files are processed in
 * parallel on a pool as large as the machine has cores, and each worker holds one decoded image
 * at a time, so memory stays bounded however many photos arrive.
 */
public final class ItemPhotos implements AutoCloseable {
    /** eBay's limit, the strictest of the marketplaces we post to. */
    public static final int MAX_PHOTOS = 24;
    public static final long MAX_BYTES = 15L * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(ItemPhotos.class.getName());

    private final ItemRepository items;
    private final ImageRepository images;
    private final ImageStore store;
    private final ImageProcessor processor;
    private final ChangeLog changeLog;
    private final Transactions transactions;
    private final IdGenerator ids;
    private final Clock clock;
    private final HybridLogicalClock hlc;
    private final ExecutorService workers;

    public ItemPhotos(ItemRepository items, ImageRepository images, ImageStore store, ImageProcessor processor,
                      ChangeLog changeLog, Transactions transactions, IdGenerator ids, Clock clock, HybridLogicalClock hlc,
                      int parallelism) {
        this.items = items;
        this.images = images;
        this.store = store;
        this.processor = processor;
        this.changeLog = changeLog;
        this.transactions = transactions;
        this.ids = ids;
        this.clock = clock;
        this.hlc = hlc;
        this.workers = Executors.newFixedThreadPool(parallelism, runnable -> {
            Thread thread = new Thread(runnable, "photo-worker");
            thread.setDaemon(true);
            return thread;
        });
    }

    public List<ItemImage> photosOf(UserId owner, ItemId item) {
        return images.forItem(owner, item);
    }

    public Map<ItemId, List<ItemImage>> photosOf(UserId owner, Collection<ItemId> items) {
        return images.forItems(owner, items);
    }

    /** Where a client fetches one stored file. */
    public String url(StoredRendition rendition) {
        return store.url(rendition.key());
    }

    /** A stored file's bytes, for a server that serves its own files. */
    public Optional<byte[]> file(String key) {
        return store.get(key);
    }

    public List<ItemImage> add(UserId owner, DeviceId device, ItemId itemId, List<PhotoUpload> uploads) {
        if (uploads.isEmpty()) throw InvalidInput.of("files", "send at least one photo");
        liveItem(owner, itemId);
        for (PhotoUpload upload : uploads) {
            if (upload.size() > MAX_BYTES) throw new PhotoTooLarge(upload.filename(), upload.size(), MAX_BYTES);
        }
        checkRoom(images.forItem(owner, itemId).size(), uploads.size());

        Instant now = now();
        List<ImageId> newIds = uploads.stream().map(u -> new ImageId(ids.next())).toList();
        ConcurrentLinkedQueue<String> written = new ConcurrentLinkedQueue<>();
        try {
            List<List<StoredRendition>> stored = processAndStore(owner, itemId, uploads, newIds, now.toEpochMilli(), written);
            return transactions.inTransaction(() -> {
                Item item = liveItem(owner, itemId);
                List<ItemImage> existing = images.forItem(owner, itemId);
                checkRoom(existing.size(), uploads.size());
                int next = existing.stream().mapToInt(ItemImage::position).max().orElse(-1) + 1;
                touch(item, device, now);
                List<ItemImage> added = new ArrayList<>();
                for (int i = 0; i < stored.size(); i++) {
                    ItemImage image = new ItemImage(newIds.get(i), owner, itemId, next + i, now, stored.get(i));
                    images.insert(image);
                    added.add(image);
                }
                return added;
            });
        } catch (RuntimeException | Error e) {
            written.forEach(this::deleteQuietly);
            throw e;
        }
    }

    public void delete(UserId owner, DeviceId device, ItemId itemId, ImageId imageId) {
        ItemImage removed = transactions.inTransaction(() -> {
            Item item = liveItem(owner, itemId);
            ItemImage image = images.forItem(owner, itemId).stream().filter(i -> i.id().equals(imageId)).findFirst()
                    .orElseThrow(() -> new PhotoNotFound(imageId));
            images.delete(owner, itemId, imageId);
            touch(item, device, now());
            return image;
        });
        discardFiles(List.of(removed));
    }

    /** Puts the photos in the given order, which must name each of the item's photos exactly once. */
    public List<ItemImage> reorder(UserId owner, DeviceId device, ItemId itemId, List<ImageId> order) {
        return transactions.inTransaction(() -> {
            Item item = liveItem(owner, itemId);
            List<ItemImage> current = images.forItem(owner, itemId);
            List<ImageId> currentIds = current.stream().map(ItemImage::id).toList();
            checkIsPermutation(currentIds, order);
            if (currentIds.equals(order)) return current;
            images.reorder(owner, itemId, order);
            touch(item, device, now());
            return images.forItem(owner, itemId);
        });
    }

    /** Removes an item's photo rows; call inside the transaction that deletes the item, then {@link #discardFiles}. */
    public List<ItemImage> detachAll(UserId owner, ItemId itemId) {
        return images.deleteAll(owner, itemId);
    }

    /**
     * Deletes the files of photos whose rows are already gone. A store that fails here leaves
     * orphan files, never a photo without files; the failure is logged.
     */
    public void discardFiles(List<ItemImage> removed) {
        removed.forEach(image -> image.keys().forEach(this::deleteQuietly));
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    private List<List<StoredRendition>> processAndStore(UserId owner, ItemId itemId, List<PhotoUpload> uploads,
                                                        List<ImageId> imageIds, long timestamp,
                                                        ConcurrentLinkedQueue<String> written) {
        // After a failure the other workers stop at their next step; the latch tells when every
        // one has really finished, so none stores a file after the caller has cleaned up.
        AtomicBoolean abort = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(uploads.size());
        List<Future<List<StoredRendition>>> futures = new ArrayList<>();
        for (int i = 0; i < uploads.size(); i++) {
            PhotoUpload upload = uploads.get(i);
            ImageId imageId = imageIds.get(i);
            futures.add(workers.submit(() -> {
                try {
                    return abort.get() ? null : processAndStore(owner, itemId, imageId, upload, timestamp, written, abort);
                } catch (RuntimeException | Error e) {
                    abort.set(true);
                    throw e;
                } finally {
                    finished.countDown();
                }
            }));
        }
        try {
            finished.await();
        } catch (InterruptedException e) {
            abort.set(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while processing photos", e);
        }
        List<List<StoredRendition>> results = new ArrayList<>();
        for (Future<List<StoredRendition>> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while processing photos", e);
            }
        }
        return results;
    }

    private List<StoredRendition> processAndStore(UserId owner, ItemId itemId, ImageId imageId, PhotoUpload upload,
                                                  long timestamp, ConcurrentLinkedQueue<String> written, AtomicBoolean abort) {
        byte[] bytes;
        try {
            bytes = upload.content().read();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the upload " + upload.filename(), e);
        }
        if (bytes.length > MAX_BYTES) throw new PhotoTooLarge(upload.filename(), bytes.length, MAX_BYTES);
        ProcessingResult result = processor.process(bytes);
        if (result instanceof ProcessingResult.Rejected rejected) {
            throw new PhotoRejected(upload.filename(), rejected.rejection());
        }
        List<StoredRendition> stored = new ArrayList<>();
        for (ProcessedImage.Rendition r : ((ProcessingResult.Processed) result).image().renditions()) {
            if (abort.get()) return stored;
            String key = ItemImage.key(owner, itemId, imageId, r.variant(), r.format(), timestamp);
            written.add(key);
            store.put(key, r.bytes(), r.format().mediaType());
            stored.add(new StoredRendition(r.variant(), r.format(), key, r.width(), r.height()));
        }
        return stored;
    }

    private Item liveItem(UserId owner, ItemId itemId) {
        return items.find(owner, itemId).filter(item -> !item.deleted()).orElseThrow(() -> new ItemNotFound(itemId));
    }

    private static void checkRoom(int existing, int adding) {
        if (existing + adding > MAX_PHOTOS) {
            throw InvalidInput.of("files", "an item holds at most " + MAX_PHOTOS + " photos; it has " + existing
                    + (existing >= MAX_PHOTOS ? "" : ", so at most " + (MAX_PHOTOS - existing) + " more can be added"));
        }
    }

    private static void checkIsPermutation(List<ImageId> current, List<ImageId> order) {
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
        if (!problems.isEmpty()) {
            throw InvalidInput.of("imageIds", "must list each of the item's " + current.size() + " photos exactly once: "
                    + String.join("; ", problems));
        }
    }

    /** A photo change is a change to the item: a new version in the change log, so devices pull it. */
    private void touch(Item item, DeviceId device, Instant now) {
        long version = changeLog.append(item.owner(), new NewChange(EntityType.ITEM, item.id().value(), ChangeKind.UPDATE, device, now));
        items.update(item.rewrite(item.details(), item.lifecycle(), hlc.now(), now, version));
    }

    private void deleteQuietly(String key) {
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not delete stored file " + key + "; it is left behind", e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
