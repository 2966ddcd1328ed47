package com.llatria.application.ai;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.memory.InMemoryEventBus;
import com.llatria.adapters.persistence.memory.InMemoryRecognitionCache;
import com.llatria.adapters.persistence.postgres.PostgresDatabase;
import com.llatria.adapters.storage.image.ImgscalrImageProcessor;
import com.llatria.adapters.storage.memory.InMemoryImageStore;
import com.llatria.adapters.storage.testing.TestImages;
import com.llatria.application.inventory.Inventory;
import com.llatria.application.inventory.ItemViews;
import com.llatria.application.inventory.ItemWriter;
import com.llatria.application.photos.ItemPhotos;
import com.llatria.application.photos.PhotoPipeline;
import com.llatria.application.photos.PhotoUpload;
import com.llatria.domain.ai.AiProvider;
import com.llatria.domain.ai.PerceptualHash;
import com.llatria.domain.ai.PerceptualHasher;
import com.llatria.domain.ai.Photo;
import com.llatria.domain.port.IdGenerator;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.HybridLogicalClock;
import com.llatria.domain.user.Email;
import com.llatria.domain.user.User;
import com.llatria.domain.user.UserId;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * createDraft is all or nothing (finding 8.16) on a real PostgreSQL that goes away in the middle
 * of the call, while the draft's photos are being processed: the request fails, and once the
 * database is back there is no draft, no photo row and no stored file.
 */
class DraftDuringOutageTest {
    private static final DeviceId PHONE = new DeviceId("phone");
    private static final PerceptualHasher NO_LOOKS = new PerceptualHasher() {
        @Override
        public Optional<PerceptualHash> hash(Photo photo) {
            return Optional.empty();
        }

        @Override
        public Optional<String> refusal(Photo photo) {
            return Optional.empty();
        }
    };

    @TempDir
    Path dir;
    private final AtomicReference<EmbeddedPostgres> database = new AtomicReference<>();
    private int port;

    @Test
    void the_database_going_away_while_the_photos_are_processed_leaves_no_draft_and_no_files() throws Exception {
        port = freePort();
        start();
        try (HikariDataSource pool = PostgresDatabase.pool("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "postgres", 4)) {
            Persistence persistence = Persistence.postgres(pool);
            Clock clock = Clock.systemUTC();
            InMemoryImageStore store = new InMemoryImageStore("/files");
            AtomicBoolean stopOnNextPhoto = new AtomicBoolean();
            // The photo workers are where the outage is staged: the database stops as a photo starts processing.
            Executor workers = task -> {
                if (stopOnNextPhoto.compareAndSet(true, false)) stop();
                task.run();
            };
            ListingAssistant assistant = assistant(persistence, store, workers, clock);
            UserId ann = new UserId(UUID.randomUUID());
            persistence.users().insert(new User(ann, new Email("ann@example.com"), "hash", clock.instant()));
            byte[] bytes = TestImages.jpeg(1200, 900);
            List<PhotoUpload> upload = List.of(new PhotoUpload("lamp.jpg", bytes.length, () -> bytes));
            // Recognised once: the draft below is answered from the cache, so the outage hits the draft's own writes.
            assistant.recognize(ann, PHONE, RecognizeRequest.photos(upload));

            stopOnNextPhoto.set(true);
            Throwable failed = catchThrowable(() -> assistant.recognize(ann, PHONE, RecognizeRequest.draftFrom(upload)));
            start();
            awaitConnection(pool);

            assertThat(failed).as("the call failed with the database").isNotNull();
            assertThat(count(pool, "select count(*) from items where owner_id = '" + ann.value() + "'"))
                    .as("no draft without its photos").isZero();
            assertThat(count(pool, "select count(*) from item_images")).isZero();
            assertThat(store.keys()).as("the draft's stored files were removed").isEmpty();

            // And with the database there, the same call makes the draft with its photo.
            RecognitionResult made = assistant.recognize(ann, PHONE, RecognizeRequest.draftFrom(upload));
            assertThat(made.item().orElseThrow().photos()).hasSize(1);
            assertThat(count(pool, "select count(*) from items where owner_id = '" + ann.value() + "'")).isEqualTo(1);
            assertThat(store.keys()).isNotEmpty();
        } finally {
            stop();
        }
    }

    @Test
    void a_recognition_that_cannot_be_kept_undoes_the_draft_and_the_edit_it_came_with() throws Exception {
        port = freePort();
        start();
        try (HikariDataSource pool = PostgresDatabase.pool("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "postgres", 4)) {
            Persistence persistence = Persistence.postgres(pool);
            Clock clock = Clock.systemUTC();
            InMemoryImageStore store = new InMemoryImageStore("/files");
            ListingAssistant assistant = assistant(persistence, store, Runnable::run, clock);
            UserId ann = new UserId(UUID.randomUUID());
            persistence.users().insert(new User(ann, new Email("ann@example.com"), "hash", clock.instant()));
            byte[] bytes = TestImages.jpeg(640, 480);
            List<PhotoUpload> upload = List.of(new PhotoUpload("lamp.jpg", bytes.length, () -> bytes));
            RecognitionResult first = assistant.recognize(ann, PHONE, RecognizeRequest.draftFrom(upload));
            var drafted = first.item().orElseThrow().item();
            // From here on the recognition's row cannot be written (as when the database goes away just then).
            execute(pool, "create function refuse() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$");
            execute(pool, "create trigger refuse before insert or update on ai_data for each row execute function refuse()");
            long items = count(pool, "select count(*) from items where owner_id = '" + ann.value() + "'");
            int files = store.keys().size();

            assertThat(catchThrowable(() -> assistant.recognize(ann, PHONE, RecognizeRequest.draftFrom(upload)))).isNotNull();
            assertThat(count(pool, "select count(*) from items where owner_id = '" + ann.value() + "'"))
                    .as("no second draft behind the failure").isEqualTo(items);
            assertThat(store.keys()).as("its files were removed").hasSize(files);

            assertThat(catchThrowable(() -> assistant.recognize(ann, PHONE, RecognizeRequest.item(drafted.id(), true)))).isNotNull();
            assertThat(count(pool, "select version from items where id = '" + drafted.id().value() + "'"))
                    .as("the edit did not stay behind the failure").isEqualTo(drafted.version());
        } finally {
            stop();
        }
    }

    /** The assistant on real PostgreSQL with an instant recognizer; {@code workers} run the photo pipeline. */
    private static ListingAssistant assistant(Persistence persistence, InMemoryImageStore store, Executor workers, Clock clock) {
        ItemWriter writer = new ItemWriter(persistence.items(), persistence.changeLog(), persistence.transactions(),
                new InMemoryEventBus(), clock, new HybridLogicalClock(clock));
        ItemViews views = new ItemViews(persistence.images(), persistence.postings(), store);
        ItemPhotos photos = new ItemPhotos(persistence.items(), persistence.images(), store,
                new PhotoPipeline(new ImgscalrImageProcessor(), store, workers), writer, views, IdGenerator.random(), clock);
        Inventory inventory = new Inventory(persistence.items(), writer, views, photos, IdGenerator.random(), clock);
        ScriptedRecognizer gemini = new ScriptedRecognizer(AiProvider.GEMINI, 0.9);
        return new ListingAssistant(
                new ListingAssistant.Providers(Optional.of(new HybridRecognizer(gemini, Optional.empty(), 0.6)), List.of(gemini)),
                new ListingAssistant.Stores(persistence.ai().aiData(), persistence.ai().usage(), persistence.ai().sales(),
                        new InMemoryRecognitionCache(clock, 100), NO_LOOKS),
                persistence.items(), persistence.images(), store, inventory, photos, IdGenerator.random(),
                persistence.transactions(), clock, AiSettings.DEFAULT, Runnable::run);
    }

    private static void execute(HikariDataSource pool, String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private void start() throws IOException {
        database.set(EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(false).setPort(port).start());
    }

    private void stop() {
        EmbeddedPostgres running = database.getAndSet(null);
        if (running == null) return;
        try {
            running.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pool finds the restarted database again (its connections to the old one are broken). */
    private static void awaitConnection(HikariDataSource pool) throws InterruptedException {
        long until = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("select 1");
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > until) throw new IllegalStateException("the database did not come back", e);
                Thread.sleep(100);
            }
        }
    }

    private static long count(HikariDataSource pool, String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
