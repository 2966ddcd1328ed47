package com.llatria.application.photos;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.storage.image.ImgscalrImageProcessor;
import com.llatria.adapters.storage.memory.InMemoryImageStore;
import com.llatria.adapters.storage.testing.TestImages;
import com.llatria.adapters.persistence.memory.InMemoryEventBus;
import com.llatria.application.InvalidInput;
import com.llatria.application.inventory.ItemViews;
import com.llatria.application.inventory.ItemWriter;
import com.llatria.application.inventory.Inventory;
import com.llatria.application.inventory.ItemInput;
import com.llatria.application.inventory.ItemNotFound;
import com.llatria.application.inventory.MoneyInput;
import com.llatria.domain.fixtures.MutableClock;
import com.llatria.domain.fixtures.SequentialIds;
import com.llatria.domain.image.ImageFormat;
import com.llatria.domain.image.ImageId;
import com.llatria.domain.image.ImageRejection;
import com.llatria.domain.image.ImageVariant;
import com.llatria.domain.image.ItemImage;
import com.llatria.domain.item.Item;
import com.llatria.domain.port.ImageProcessor;
import com.llatria.domain.port.ImageRepository;
import com.llatria.domain.port.ImageStore;
import com.llatria.domain.sync.ChangeLogEntry;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.HybridLogicalClock;
import com.llatria.domain.user.Email;
import com.llatria.domain.user.User;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

class ItemPhotosTest {
    private static final DeviceId PHONE = new DeviceId("phone");
    private final MutableClock clock = MutableClock.at("2026-11-25T10:00:00Z");
    private final Persistence persistence = Persistence.inMemory();
    private final InMemoryImageStore files = new InMemoryImageStore("/files");
    private final FailingStore store = new FailingStore(files);
    private final HybridLogicalClock hlc = new HybridLogicalClock(clock);
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final ItemWriter writer = new ItemWriter(persistence.items(), persistence.changeLog(), persistence.transactions(),
            new InMemoryEventBus(), clock, hlc);
    private final ItemViews views = new ItemViews(persistence.images(), persistence.postings(), store);
    private final ItemPhotos photos = photos(persistence.images(), new ImgscalrImageProcessor(), workers);
    private final Inventory inventory = new Inventory(persistence.items(), writer, views, photos,
            new SequentialIds(), clock);
    private final UserId ann = user("ann@example.com");
    private final UserId bob = user("bob@example.com");
    private final Item lamp = inventory.create(ann, PHONE, Optional.empty(),
            new ItemInput("Lamp", null, new MoneyInput(BigDecimal.TEN, null), null, null, null, null, null)).view().item();

    @AfterEach
    void stopWorkers() {
        workers.shutdownNow();
    }

    private ItemPhotos photos(ImageRepository rows, ImageProcessor processor, java.util.concurrent.Executor pool) {
        return new ItemPhotos(persistence.items(), rows, store, new PhotoPipeline(processor, store, pool), writer,
                new ItemViews(rows, persistence.postings(), store), new SequentialIds(), clock);
    }

    private List<ItemImage> stored(UserId owner, com.llatria.domain.item.ItemId item) {
        return persistence.images().forItem(owner, item);
    }

    /** Adds the photos and returns their stored rows. */
    private List<ItemImage> addAndRead(List<PhotoUpload> uploads) {
        List<ImageId> ids = photos.add(ann, PHONE, lamp.id(), uploads).photos().stream().map(PhotoView::id).toList();
        return stored(ann, lamp.id()).stream().filter(image -> ids.contains(image.id())).toList();
    }

    private UserId user(String email) {
        UserId id = new UserId(UUID.randomUUID());
        persistence.users().insert(new User(id, new Email(email), "hash", clock.instant()));
        return id;
    }

    private static PhotoUpload upload(String name, byte[] bytes) {
        return new PhotoUpload(name, bytes.length, () -> bytes);
    }

    private static List<PhotoUpload> photos(int count) {
        List<PhotoUpload> uploads = new ArrayList<>();
        for (int i = 0; i < count; i++) uploads.add(upload("p" + i + ".jpg", TestImages.jpeg(64, 48)));
        return uploads;
    }

    private List<ChangeLogEntry> changes() {
        return persistence.changeLog().since(ann, 0, 1000);
    }

    @Test
    void uploaded_photos_are_stored_in_every_size_and_format_under_the_designs_keys() {
        List<ItemImage> added = addAndRead(List.of(
                upload("a.jpg", TestImages.jpeg(1200, 900)), upload("b.png", TestImages.png(300, 300))));

        assertThat(added).extracting(ItemImage::position).containsExactly(0, 1);
        ItemImage first = added.get(0);
        assertThat(first.renditions()).hasSize(6);
        assertThat(first.rendition(ImageVariant.MEDIUM, ImageFormat.WEBP)).get().satisfies(r -> {
            assertThat(r.key()).matches("users/" + ann + "/inventory/" + lamp.id() + "/medium_\\d+_" + first.id() + "\\.webp");
            assertThat(r.width()).isEqualTo(800);
        });
        assertThat(first.rendition(ImageVariant.FULL, ImageFormat.JPEG).orElseThrow().key()).contains("/original_").endsWith(".jpg");
        assertThat(files.keys()).hasSize(12).containsAll(first.keys()).containsAll(added.get(1).keys());
        assertThat(stored(ann, lamp.id())).isEqualTo(added);
        assertThat(store.url(first.renditions().get(0).key())).startsWith("/files/users/");
    }

    @Test
    void adding_photos_is_a_change_to_the_item() {
        photos.add(ann, PHONE, lamp.id(), photos(1));

        assertThat(changes()).hasSize(2);
        assertThat(inventory.get(ann, lamp.id()).item().version()).isEqualTo(2);
        assertThat(inventory.get(ann, lamp.id()).item().details()).isEqualTo(lamp.details());
    }

    @Test
    void a_refused_file_refuses_the_whole_upload_and_leaves_nothing() {
        List<PhotoUpload> uploads = new ArrayList<>(photos(3));
        uploads.add(1, upload("notes.txt", "hello".getBytes()));

        assertThatThrownBy(() -> photos.add(ann, PHONE, lamp.id(), uploads))
                .asInstanceOf(type(PhotoRejected.class))
                .satisfies(e -> {
                    assertThat(e.filename()).isEqualTo("notes.txt");
                    assertThat(e.rejection()).isInstanceOf(ImageRejection.UnsupportedType.class);
                });
        assertThat(files.keys()).isEmpty();
        assertThat(stored(ann, lamp.id())).isEmpty();
        assertThat(changes()).hasSize(1);
    }

    @Test
    void a_storage_failure_midway_removes_what_was_stored_and_writes_no_row() {
        store.failAfter(7);

        assertThatThrownBy(() -> photos.add(ann, PHONE, lamp.id(), photos(3))).isInstanceOf(ImageStore.StorageUnavailable.class);

        assertThat(files.keys()).isEmpty();
        assertThat(stored(ann, lamp.id())).isEmpty();
        assertThat(changes()).hasSize(1);
    }

    @Test
    void an_item_holds_at_most_24_photos() {
        photos.add(ann, PHONE, lamp.id(), photos(20));

        assertThatThrownBy(() -> photos.add(ann, PHONE, lamp.id(), photos(5)))
                .asInstanceOf(type(InvalidInput.class))
                .satisfies(e -> assertThat(e.errors().get(0).reason()).contains("at most 24").contains("at most 4 more"));
        photos.add(ann, PHONE, lamp.id(), photos(4));
        assertThat(stored(ann, lamp.id())).hasSize(24);
        assertThat(files.keys()).hasSize(24 * 6);
    }

    @Test
    void a_file_over_15_mb_is_refused_before_it_is_read() {
        AtomicInteger reads = new AtomicInteger();
        PhotoUpload huge = new PhotoUpload("huge.jpg", 16L * 1024 * 1024, () -> {
            reads.incrementAndGet();
            return new byte[0];
        });

        assertThatThrownBy(() -> photos.add(ann, PHONE, lamp.id(), List.of(huge))).isInstanceOf(PhotoTooLarge.class)
                .hasMessageContaining("15 MB");
        assertThat(reads).hasValue(0);
    }

    @Test
    void photos_can_be_reordered_and_a_bad_order_says_what_is_wrong() {
        List<ItemImage> added = addAndRead(photos(3));
        ImageId a = added.get(0).id(), b = added.get(1).id(), c = added.get(2).id();

        assertThat(photos.reorder(ann, PHONE, lamp.id(), List.of(c, a, b)).photos()).extracting(PhotoView::id).containsExactly(c, a, b);

        ImageId stranger = new ImageId(UUID.randomUUID());
        assertThatThrownBy(() -> photos.reorder(ann, PHONE, lamp.id(), List.of(c, a, a, stranger)))
                .hasMessageContaining("missing [" + b + "]").hasMessageContaining("not photos of this item [" + stranger + "]")
                .hasMessageContaining("listed twice [" + a + "]");
        assertThat(stored(ann, lamp.id())).extracting(ItemImage::id).containsExactly(c, a, b);
    }

    @Test
    void deleting_a_photo_removes_its_files_and_leaves_the_others() {
        List<ItemImage> added = addAndRead(photos(2));

        photos.delete(ann, PHONE, lamp.id(), added.get(0).id());

        assertThat(stored(ann, lamp.id())).containsExactly(added.get(1));
        assertThat(files.keys()).containsExactlyInAnyOrderElementsOf(added.get(1).keys());
        assertThatThrownBy(() -> photos.delete(ann, PHONE, lamp.id(), added.get(0).id())).isInstanceOf(PhotoNotFound.class);
    }

    @Test
    void deleting_the_item_removes_all_its_photos_and_files() {
        photos.add(ann, PHONE, lamp.id(), photos(3));

        inventory.delete(ann, PHONE, lamp.id());

        assertThat(files.keys()).isEmpty();
        assertThat(stored(ann, lamp.id())).isEmpty();
    }

    @Test
    void another_users_item_takes_no_photos_and_shows_none() {
        List<ItemImage> added = addAndRead(photos(1));

        assertThatThrownBy(() -> photos.add(bob, PHONE, lamp.id(), photos(1))).isInstanceOf(ItemNotFound.class);
        assertThatThrownBy(() -> photos.delete(bob, PHONE, lamp.id(), added.get(0).id())).isInstanceOf(ItemNotFound.class);
        assertThatThrownBy(() -> photos.reorder(bob, PHONE, lamp.id(), List.of(added.get(0).id()))).isInstanceOf(ItemNotFound.class);
        assertThat(stored(bob, lamp.id())).isEmpty();
        assertThat(files.keys()).hasSize(6);
    }

    @Test
    void when_the_database_write_fails_the_stored_files_are_removed_again() {
        ImageRepository failingRows = new ImageRepository() {
            public List<ItemImage> forItem(UserId owner, com.llatria.domain.item.ItemId item) {
                return persistence.images().forItem(owner, item);
            }

            public java.util.Map<com.llatria.domain.item.ItemId, List<ItemImage>> forItems(UserId owner,
                    java.util.Collection<com.llatria.domain.item.ItemId> items) {
                return persistence.images().forItems(owner, items);
            }

            public void insert(ItemImage image) {
                throw new IllegalStateException("database connection lost");
            }

            public boolean delete(UserId owner, com.llatria.domain.item.ItemId item, ImageId image) {
                return persistence.images().delete(owner, item, image);
            }

            public void reorder(UserId owner, com.llatria.domain.item.ItemId item, List<ImageId> order) {
                persistence.images().reorder(owner, item, order);
            }

            public long photosVersion(UserId owner, com.llatria.domain.item.ItemId item) {
                return persistence.images().photosVersion(owner, item);
            }

            public void photosWritten(UserId owner, com.llatria.domain.item.ItemId item, long version) {
                persistence.images().photosWritten(owner, item, version);
            }

            public List<ItemImage> deleteAll(UserId owner, com.llatria.domain.item.ItemId item) {
                return persistence.images().deleteAll(owner, item);
            }
        };
        ItemPhotos withFailingRows = photos(failingRows, new ImgscalrImageProcessor(), workers);
        assertThatThrownBy(() -> withFailingRows.add(ann, PHONE, lamp.id(), photos(2))).hasMessage("database connection lost");

        assertThat(files.keys()).isEmpty();
        assertThat(changes()).as("the item's new version was rolled back too").hasSize(1);
        assertThat(inventory.get(ann, lamp.id()).item().version()).isEqualTo(1);
    }

    @Test
    void photos_are_processed_in_parallel_but_never_more_at_once_than_the_pool_allows() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ImgscalrImageProcessor real = new ImgscalrImageProcessor();
        ImageProcessor watched = upload -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(30);
                return real.process(upload);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                running.decrementAndGet();
            }
        };
        photos(persistence.images(), watched, workers).add(ann, PHONE, lamp.id(), photos(8));

        assertThat(most).hasValue(2);
        assertThat(stored(ann, lamp.id())).hasSize(8);
    }

    /** A store that stops working after a number of writes, as an object store does when it goes away mid-upload. */
    private static final class FailingStore implements ImageStore {
        private final ImageStore delegate;
        private final AtomicInteger putsLeft = new AtomicInteger(Integer.MAX_VALUE);

        FailingStore(ImageStore delegate) {
            this.delegate = delegate;
        }

        void failAfter(int puts) {
            putsLeft.set(puts);
        }

        @Override
        public void put(String key, byte[] bytes, String contentType) {
            if (putsLeft.getAndDecrement() <= 0) throw new StorageUnavailable("store went away", null);
            delegate.put(key, bytes, contentType);
        }

        @Override
        public void delete(String key) {
            delegate.delete(key);
        }

        @Override
        public Optional<byte[]> get(String key) {
            return delegate.get(key);
        }

        @Override
        public String url(String key) {
            return delegate.url(key);
        }
    }
}
