package com.llatria.application.photos;

import com.llatria.domain.image.ImageFormat;
import com.llatria.domain.image.ImageId;
import com.llatria.domain.image.ImageVariant;
import com.llatria.domain.image.ItemImage;
import com.llatria.domain.image.ProcessedImage;
import com.llatria.domain.image.ProcessingResult;
import com.llatria.domain.image.StoredRendition;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.port.ImageProcessor;
import com.llatria.domain.port.ImageStore;
import com.llatria.domain.user.UserId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns uploaded files into stored photo files: each file is processed (type from its bytes,
 * size from its header, orientation applied, re-encoded) and its renditions stored. Files are
 * processed in parallel on the injected executor; its size bounds how many decoded images are in
 * memory at once, across all requests. All or nothing: after any failure the other files stop at
 * their next step, and every file stored so far is removed again before the failure is thrown.
 */
public final class PhotoPipeline {
    public static final long MAX_BYTES = 15L * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(PhotoPipeline.class.getName());

    private final ImageProcessor processor;
    private final ImageStore store;
    private final Executor workers;

    public PhotoPipeline(ImageProcessor processor, ImageStore store, Executor workers) {
        this.processor = processor;
        this.store = store;
        this.workers = workers;
    }

    /**
     * A file that was stored, so that it can be removed if what follows fails; with its medium
     * JPEG's bytes, which is what a provider may be sent of it (no metadata), without a second decode.
     */
    public record Stored(ImageId id, List<StoredRendition> renditions, Optional<byte[]> mediumJpeg) {
    }

    /** Processes and stores every upload, or none: the list is in upload order. */
    public List<Stored> process(UserId owner, ItemId item, List<PhotoUpload> uploads, List<ImageId> ids, long timestamp) {
        ConcurrentLinkedQueue<String> written = new ConcurrentLinkedQueue<>();
        try {
            return processAll(owner, item, uploads, ids, timestamp, written);
        } catch (RuntimeException | Error e) {
            written.forEach(this::deleteQuietly);
            throw e;
        }
    }

    /**
     * The upload as one re-encoded JPEG fitted in {@code variant}'s box, stored nowhere: no
     * metadata (EXIF, GPS, XMP, comments) survives, so it is what may leave the system (8.14).
     * Made on the same workers as stored photos, so it counts against the same bound on decoded images.
     */
    public byte[] reencoded(PhotoUpload upload, ImageVariant variant) {
        FutureTask<byte[]> task = new FutureTask<>(() -> {
            byte[] bytes = upload.content().read();
            if (bytes.length > MAX_BYTES) throw new PhotoTooLarge(upload.filename(), bytes.length, MAX_BYTES);
            ProcessingResult result = processor.jpeg(bytes, variant);
            if (result instanceof ProcessingResult.Rejected rejected) throw new PhotoRejected(upload.filename(), rejected.rejection());
            List<ProcessedImage.Rendition> made = ((ProcessingResult.Processed) result).image().renditions();
            if (made.size() != 1) throw new IllegalStateException("expected one " + variant + " JPEG, the processor made " + made.size());
            return made.get(0).bytes();
        });
        workers.execute(task);
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            if (e.getCause() instanceof IOException io) throw new UncheckedIOException("could not read the upload " + upload.filename(), io);
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while processing a photo", e);
        }
    }

    /** Removes stored files (after a later failure, or when their photo is deleted); failures are logged, not thrown. */
    public void discard(List<String> keys) {
        keys.forEach(this::deleteQuietly);
    }

    private List<Stored> processAll(UserId owner, ItemId item, List<PhotoUpload> uploads, List<ImageId> ids, long timestamp,
                                    ConcurrentLinkedQueue<String> written) {
        // After a failure the other workers stop at their next step; the latch tells when every
        // one has really finished, so none stores a file after the caller has cleaned up.
        AtomicBoolean abort = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(uploads.size());
        List<Future<Stored>> futures = new ArrayList<>();
        for (int i = 0; i < uploads.size(); i++) {
            PhotoUpload upload = uploads.get(i);
            ImageId imageId = ids.get(i);
            FutureTask<Stored> task = new FutureTask<>(() -> {
                try {
                    return abort.get() ? null : processOne(owner, item, imageId, upload, timestamp, written, abort);
                } catch (RuntimeException | Error e) {
                    abort.set(true);
                    throw e;
                } finally {
                    finished.countDown();
                }
            });
            futures.add(task);
            workers.execute(task);
        }
        try {
            finished.await();
        } catch (InterruptedException e) {
            abort.set(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while processing photos", e);
        }
        List<Stored> results = new ArrayList<>();
        for (Future<Stored> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error err) throw err;
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while processing photos", e);
            }
        }
        return results;
    }

    private Stored processOne(UserId owner, ItemId itemId, ImageId imageId, PhotoUpload upload, long timestamp,
                              ConcurrentLinkedQueue<String> written, AtomicBoolean abort) {
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
        Optional<byte[]> medium = Optional.empty();
        for (ProcessedImage.Rendition r : ((ProcessingResult.Processed) result).image().renditions()) {
            if (abort.get()) return new Stored(imageId, stored, medium);
            String key = ItemImage.key(owner, itemId, imageId, r.variant(), r.format(), timestamp);
            written.add(key);
            store.put(key, r.bytes(), r.format().mediaType());
            stored.add(new StoredRendition(r.variant(), r.format(), key, r.width(), r.height()));
            if (r.variant() == ImageVariant.MEDIUM && r.format() == ImageFormat.JPEG) medium = Optional.of(r.bytes());
        }
        return new Stored(imageId, stored, medium);
    }

    private void deleteQuietly(String key) {
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not delete stored file " + key + "; it is left behind", e);
        }
    }
}
