package com.llatria.bootstrap;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.storage.disk.LocalDiskImageStore;
import com.llatria.adapters.storage.image.ImgscalrImageProcessor;
import com.llatria.adapters.storage.memory.InMemoryImageStore;
import com.llatria.adapters.web.HttpApi;
import com.llatria.adapters.crypto.bcrypt.BcryptPasswordHasher;
import com.llatria.adapters.web.auth.JwtAccessTokens;
import com.llatria.application.auth.Authentication;
import com.llatria.application.inventory.Inventory;
import com.llatria.application.photos.ItemPhotos;
import com.llatria.domain.port.ImageProcessor;
import com.llatria.domain.port.ImageStore;
import com.llatria.domain.port.IdGenerator;
import com.llatria.domain.port.PasswordHasher;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.HybridLogicalClock;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * The whole application, wired by hand: the one composition root. The server uses it, and so
 * can a host JVM service, on its own {@link DataSource}:
 * <pre>{@code
 * Llatria llatria = Llatria.builder().postgres(dataSource).localImages(dir, "/files").jwtSecret(secret).build();
 * llatria.inventory().create(...);                 // call the use cases directly
 * Javalin.create(config -> llatria.http().mount(config.routes));   // or serve the API
 * }</pre>
 */
public final class Llatria implements AutoCloseable {
    private final Persistence persistence;
    private final Authentication authentication;
    private final ItemPhotos photos;
    private final Inventory inventory;
    private final HttpApi http;

    private Llatria(Builder b) {
        this.persistence = b.persistence;
        // Each instance stamps with its own id, so two instances never make the same stamp.
        HybridLogicalClock hlc = new HybridLogicalClock(b.clock, b.instanceId);
        this.authentication = new Authentication(persistence.users(), persistence.refreshTokens(), b.passwordHasher,
                persistence.transactions(), b.ids, b.clock, b.refreshTokenLifetime);
        this.photos = new ItemPhotos(persistence.items(), persistence.images(), b.imageStore, b.imageProcessor,
                persistence.changeLog(), persistence.transactions(), b.ids, b.clock, hlc, b.photoParallelism);
        this.inventory = new Inventory(persistence.items(), persistence.changeLog(), persistence.transactions(), b.ids,
                b.clock, hlc, photos);
        this.http = new HttpApi(authentication, inventory, photos,
                new JwtAccessTokens(b.jwtSecret, b.accessTokenLifetime, b.clock), b.clock, b.serveFiles);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Authentication authentication() {
        return authentication;
    }

    public Inventory inventory() {
        return inventory;
    }

    public ItemPhotos photos() {
        return photos;
    }

    /** Stops the photo workers. */
    @Override
    public void close() {
        photos.close();
    }

    /** The HTTP API, to mount into a Javalin app or register as a plugin. */
    public HttpApi http() {
        return http;
    }

    public Persistence persistence() {
        return persistence;
    }

    public static final class Builder {
        private Persistence persistence;
        private String jwtSecret;
        private Clock clock = Clock.systemUTC();
        private IdGenerator ids = UUID::randomUUID;
        private PasswordHasher passwordHasher = new BcryptPasswordHasher(BcryptPasswordHasher.MIN_COST);
        private Duration accessTokenLifetime = Duration.ofMinutes(15);
        private Duration refreshTokenLifetime = Authentication.DEFAULT_REFRESH_LIFETIME;
        private ImageStore imageStore;
        private boolean serveFiles;
        private ImageProcessor imageProcessor = new ImgscalrImageProcessor();
        private int photoParallelism = Runtime.getRuntime().availableProcessors();
        private DeviceId instanceId = randomInstanceId();

        private Builder() {
        }

        /** Photos as files in {@code directory}, served by the API under {@code urlPrefix} (normally "/files"). */
        public Builder localImages(Path directory, String urlPrefix) {
            return imageStore(new LocalDiskImageStore(directory, urlPrefix), true);
        }

        /** Photos in any store; {@code servedByApi} when the API should serve them under /files. */
        public Builder imageStore(ImageStore store, boolean servedByApi) {
            imageStore = store;
            serveFiles = servedByApi;
            return this;
        }

        public Builder imageProcessor(ImageProcessor value) {
            imageProcessor = value;
            return this;
        }

        /** How many photos are processed at once (and so held decoded in memory); the core count by default. */
        public Builder photoParallelism(int value) {
            if (value < 1) throw new IllegalArgumentException("photoParallelism must be at least 1");
            photoParallelism = value;
            return this;
        }

        /** PostgreSQL through the host's data source; the schema is migrated on build. */
        public Builder postgres(DataSource dataSource) {
            return persistence(Persistence.postgres(dataSource));
        }

        /** Everything in memory, photos included: for tests and trying things out. */
        public Builder inMemory() {
            if (imageStore == null) imageStore(new InMemoryImageStore("/files"), true);
            return persistence(Persistence.inMemory());
        }

        public Builder persistence(Persistence value) {
            persistence = value;
            return this;
        }

        public Builder jwtSecret(String value) {
            jwtSecret = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        public Builder ids(IdGenerator value) {
            ids = value;
            return this;
        }

        public Builder passwordHasher(PasswordHasher value) {
            passwordHasher = value;
            return this;
        }

        public Builder bcryptCost(int cost) {
            return passwordHasher(new BcryptPasswordHasher(cost));
        }

        public Builder accessTokenLifetime(Duration value) {
            accessTokenLifetime = value;
            return this;
        }

        public Builder refreshTokenLifetime(Duration value) {
            refreshTokenLifetime = value;
            return this;
        }

        /**
         * This instance's id in HLC stamps and events (1-64 letters, digits, '.', '_' or '-');
         * random by default. Two running instances must never share one.
         */
        public Builder instanceId(String value) {
            instanceId = new DeviceId(value);
            return this;
        }

        private static DeviceId randomInstanceId() {
            return new DeviceId("srv-" + Long.toString(new java.security.SecureRandom().nextLong() >>> 1, 36));
        }

        public Llatria build() {
            Objects.requireNonNull(persistence, "choose postgres(dataSource) or inMemory()");
            Objects.requireNonNull(jwtSecret, "jwtSecret is required");
            Objects.requireNonNull(imageStore, "choose where photos go: localImages(directory, \"/files\") or imageStore(...)");
            return new Llatria(this);
        }
    }
}
