package com.llatria.bootstrap;

import com.llatria.adapters.ai.DifferenceHasher;
import com.llatria.adapters.ai.GeminiAdapter;
import com.llatria.adapters.ai.OpenAiAdapter;
import com.llatria.adapters.ai.ProviderSettings;
import com.llatria.adapters.crypto.bcrypt.BcryptPasswordHasher;
import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.platforms.PlatformHttp;
import com.llatria.adapters.platforms.ebay.EbayConfig;
import com.llatria.adapters.platforms.meta.MetaConfig;
import com.llatria.application.posting.PlatformAccounts;
import com.llatria.application.posting.PostingWorker;
import com.llatria.application.posting.Postings;
import com.llatria.application.posting.SaleWatcher;
import com.llatria.adapters.persistence.memory.InMemoryEventBus;
import com.llatria.adapters.persistence.memory.InMemoryRecognitionCache;
import com.llatria.adapters.persistence.memory.InMemoryRateLimits;
import com.llatria.adapters.web.RateLimiting;
import com.llatria.domain.port.RateLimits;
import com.llatria.adapters.storage.disk.LocalDiskImageStore;
import com.llatria.adapters.storage.image.ImgscalrImageProcessor;
import com.llatria.adapters.storage.memory.InMemoryImageStore;
import com.llatria.adapters.web.HttpApi;
import com.llatria.adapters.web.auth.JwtAccessTokens;
import com.llatria.application.ai.AiSettings;
import com.llatria.application.ai.HybridRecognizer;
import com.llatria.application.ai.ListingAssistant;
import com.llatria.adapters.web.sync.SyncHub;
import com.llatria.adapters.web.sync.SyncRoutes;
import com.llatria.adapters.web.sync.SyncSocket;
import com.llatria.application.auth.Authentication;
import com.llatria.application.inventory.Inventory;
import com.llatria.application.inventory.ItemViews;
import com.llatria.application.inventory.ItemWriter;
import com.llatria.application.photos.ItemPhotos;
import com.llatria.application.photos.PhotoPipeline;
import com.llatria.domain.ai.AiProvider;
import com.llatria.domain.ai.DescriptionWriter;
import com.llatria.domain.ai.ItemRecognizer;
import com.llatria.domain.ai.RecognitionCache;
import com.llatria.application.sync.SyncConflicts;
import com.llatria.application.sync.SyncPull;
import com.llatria.application.sync.SyncPush;
import com.llatria.application.sync.TombstonePurge;
import com.llatria.domain.port.EventBus;
import com.llatria.domain.port.IdGenerator;
import com.llatria.domain.port.ImageProcessor;
import com.llatria.domain.port.ImageStore;
import com.llatria.domain.port.PasswordHasher;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.HybridLogicalClock;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The whole application, wired by hand: the one composition root. The server uses it, and so
 * can a host JVM service, on its own {@link DataSource}:
 * <pre>{@code
 * try (Llatria llatria = Llatria.builder().postgres(dataSource).jwtSecret(secret).build().start()) {
 *     llatria.inventory().create(...);                                  // call the use cases directly
 *     Javalin.create(config -> llatria.http().mount(config.routes));    // or serve the API
 * }
 * }</pre>
 * Building wires objects and migrates the schema; threads are only made when first needed (the
 * photo workers on the first upload). {@link #start()} starts background work (unless the host
 * opted out with {@link Builder#backgroundWork(boolean)}), {@link #close()} stops everything
 * Llatria created itself and nothing the host handed in.
 */
public final class Llatria implements AutoCloseable {
    private final Persistence persistence;
    private final EventBus events;
    private final Authentication authentication;
    private final ItemWriter writer;
    private final ItemPhotos photos;
    private final Inventory inventory;
    private final ListingAssistant assistant;
    private final HttpApi http;
    private final PostingWiring posting;
    private final SyncPull syncPull;
    private final SyncPush syncPush;
    private final SyncConflicts syncConflicts;
    private final SyncHub syncHub;
    private final SyncSocket syncSocket;
    private final TombstonePurge tombstonePurge;
    private final boolean backgroundWork;
    private final List<Lifecycle> background = new ArrayList<>();
    private final List<AutoCloseable> owned = new ArrayList<>();
    private boolean started;
    private boolean closed;

    /** Work that runs beside the requests (job runners, event relays): started by start(), stopped by close(). */
    public interface Lifecycle {
        void start();

        void stop();
    }

    private Llatria(Builder b) {
        this.persistence = b.persistence;
        this.events = b.events != null ? b.events : new InMemoryEventBus();
        this.backgroundWork = b.backgroundWork;
        // Each instance stamps with its own id, so two instances never make the same stamp.
        HybridLogicalClock hlc = new HybridLogicalClock(b.clock, b.instanceId);
        ImageStore imageStore = b.imageStore != null ? b.imageStore
                : new LocalDiskImageStore(Path.of("data", "images").toAbsolutePath(), "/files");
        boolean serveFiles = b.imageStore == null || b.serveFiles;
        ImageProcessor processor = b.imageProcessor != null ? b.imageProcessor
                : new ImgscalrImageProcessor(own(lazyPool(Runtime.getRuntime().availableProcessors(), "webp-encoder")));
        Executor photoWorkers = b.photoWorkers != null ? b.photoWorkers : own(lazyPool(b.photoParallelism, "photo-worker"));

        this.authentication = new Authentication(persistence.users(), persistence.refreshTokens(), b.passwordHasher,
                persistence.transactions(), b.ids, b.clock, b.refreshTokenLifetime);
        this.writer = new ItemWriter(persistence.items(), persistence.changeLog(), persistence.transactions(), events,
                b.clock, hlc);
        ItemViews views = new ItemViews(persistence.images(), persistence.postings(), imageStore);
        this.photos = new ItemPhotos(persistence.items(), persistence.images(), imageStore,
                new PhotoPipeline(processor, imageStore, photoWorkers), writer, views, b.ids, b.clock);
        this.inventory = new Inventory(persistence.items(), writer, views, photos, b.ids, b.clock);
        this.assistant = new ListingAssistant(aiProviders(b),
                new ListingAssistant.Stores(persistence.ai().aiData(), persistence.ai().usage(), persistence.ai().sales(),
                        b.recognitionCache != null ? b.recognitionCache : new InMemoryRecognitionCache(b.clock, 10_000),
                        new DifferenceHasher()),
                persistence.items(), persistence.images(), imageStore, inventory, photos, b.ids, persistence.transactions(), b.clock,
                b.aiSettings,
                // its own threads: a perceptual hash must not queue behind a burst of uploads
                own(lazyPool(Runtime.getRuntime().availableProcessors(), "ai-look")));
        // Two threads read the next pull page while a client takes the last one (PagePrefetch bounds them to two reads at once).
        this.syncPull = new SyncPull(persistence.syncFeed(), persistence.items(), persistence.syncDevices(),
                persistence.conflicts(), views, b.clock, b.syncReadAhead ? own(lazyPool(2, "sync-read-ahead")) : null);
        this.syncPush = new SyncPush(writer, persistence.items(), persistence.syncDevices(),
                persistence.syncFeed(), persistence.conflicts(), photos, views, persistence.transactions(), b.ids, b.clock, hlc);
        this.syncConflicts = new SyncConflicts(persistence.conflicts(), writer, views, persistence.transactions(), b.clock);
        JwtAccessTokens accessTokens = new JwtAccessTokens(b.jwtSecret, b.accessTokenLifetime, b.clock);
        // The live relay starts with the first WebSocket client, so a Llatria that serves none runs no thread for it.
        this.syncHub = new SyncHub(events, syncPull);
        // A deactivation or password change on any instance ends those tokens here too, not 30 s later.
        owned.add(events.subscribeSessionsEnded(authentication::sessionsEnded)::close);
        SyncSocket syncSocket = new SyncSocket(syncHub, accessTokens, b.clock, authentication::isCurrent, b.syncLimits);
        this.syncSocket = syncSocket;
        owned.add(syncHub);
        owned.add(syncSocket::close);
        this.http = new HttpApi(authentication, inventory, photos, accessTokens, b.clock, serveFiles, assistant,
                new SyncRoutes(syncPush, syncPull, syncConflicts, b.clock), syncSocket);
        this.posting = new PostingWiring(b.posting, persistence, writer, imageStore, b.ids, b.clock);
        http.platforms(posting.accounts, posting.postings);
        owned.add(http.idempotency(persistence.idempotency(), b.clock, b.ids, b.idempotencyLimits));
        http.rateLimits(b.rateLimitStore != null ? b.rateLimitStore : new InMemoryRateLimits(b.clock, 100_000), b.rateLimits);
        authentication.onDeactivation(posting.postings::takeDownEverything);
        background.add(new Lifecycle() {
            public void start() {
                posting.worker.start();
                posting.sales.start();
            }

            public void stop() {
                posting.sales.close();
                posting.worker.close();
            }
        });
        owned.add(posting.sales);
        owned.add(posting.worker);
        this.tombstonePurge = new TombstonePurge(persistence.syncFeed(), b.clock, b.tombstoneRetention);
        background.add(schedule("tombstone-purge", b.tombstonePurgeEvery, tombstonePurge::run));
        // Idempotency-Key answers are kept a day; every instance purges, harmlessly.
        background.add(schedule("idempotency-purge", Duration.ofHours(1), () ->
                persistence.idempotency().purgeCreatedBefore(b.clock.instant().minus(com.llatria.adapters.web.Idempotency.KEPT))));
    }

    /**
     * Runs a purge every {@code every}, the first time soon after start (a server that restarts
     * more often than {@code every} still purges). Every instance runs it: harmless.
     */
    private static Lifecycle schedule(String name, Duration every, Runnable purge) {
        return new Lifecycle() {
            private ScheduledExecutorService timer;

            public synchronized void start() {
                timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, name);
                    thread.setDaemon(true);
                    return thread;
                });
                long first = Math.min(every.toMillis(), Duration.ofMinutes(1).toMillis());
                timer.scheduleWithFixedDelay(() -> {
                    try {
                        purge.run();
                    } catch (RuntimeException e) {
                        // The database is away: the next run tries again; old rows only wait longer.
                        org.slf4j.LoggerFactory.getLogger(Llatria.class).warn("{} failed: {}", name, e.toString());
                    }
                }, first, every.toMillis(), TimeUnit.MILLISECONDS);
            }

            public synchronized void stop() {
                if (timer != null) timer.shutdownNow();
            }
        };
    }

    /**
     * The configured model providers. With both, the primary is the one chosen, else Gemini:
     * per photo it costs a fraction of OpenAI's (a photo is ~260 tokens to gemini-2.5-flash,
     * thousands to gpt-4o-mini); the other is asked when the primary fails or is unsure.
     */
    private static ListingAssistant.Providers aiProviders(Builder b) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Random random = new Random();
        List<ItemRecognizer> recognizers = new ArrayList<>();
        List<DescriptionWriter> writers = new ArrayList<>();
        if (b.gemini != null) {
            GeminiAdapter gemini = new GeminiAdapter(b.gemini, http, b.clock, random);
            recognizers.add(gemini);
            writers.add(gemini);
        }
        if (b.openAi != null) {
            OpenAiAdapter openAi = new OpenAiAdapter(b.openAi, http, b.clock, random);
            int at = b.aiPrimary == AiProvider.OPENAI ? 0 : recognizers.size();
            recognizers.add(at, openAi);
            writers.add(at, openAi);
        }
        if (recognizers.isEmpty()) return ListingAssistant.Providers.none();
        HybridRecognizer hybrid = new HybridRecognizer(recognizers.get(0),
                recognizers.size() > 1 ? Optional.of(recognizers.get(1)) : Optional.empty(), b.aiEscalationThreshold);
        return new ListingAssistant.Providers(Optional.of(hybrid), writers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts background work, unless the host opted out. Returns this, for try-with-resources. */
    public synchronized Llatria start() {
        if (closed) throw new IllegalStateException("this Llatria is closed");
        if (!started && backgroundWork) background.forEach(Lifecycle::start);
        started = true;
        return this;
    }

    /** Stops background work and the threads Llatria made; the host's data source and pools stay open. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (started && backgroundWork) background.forEach(Lifecycle::stop);
        for (AutoCloseable resource : owned) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // closing is best effort; nothing is left that could use the resource
            }
        }
    }

    /** Registers work that runs beside requests; call before {@link #start()}. */
    synchronized void addBackground(Lifecycle work) {
        if (started) throw new IllegalStateException("add background work before start()");
        background.add(work);
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

    /** The AI listing assistant: recognition, descriptions, price suggestions. */
    public ListingAssistant assistant() {
        return assistant;
    }

    /** The one item write path, for embedders that write items their own way. */
    public ItemWriter writer() {
        return writer;
    }

    public SyncPull syncPull() {
        return syncPull;
    }

    public SyncPush syncPush() {
        return syncPush;
    }

    public SyncConflicts syncConflicts() {
        return syncConflicts;
    }

    /** The purge of old tombstones; scheduled by {@link #start()}, or run by hand with {@code run()}. */
    public TombstonePurge tombstonePurge() {
        return tombstonePurge;
    }

    /** The /sync WebSocket endpoint (its limits' statistics, for tests and benchmarks). */
    public SyncSocket syncSocket() {
        return syncSocket;
    }

    /** This instance's WebSocket connections and their event relay. */
    public SyncHub syncHub() {
        return syncHub;
    }

    public EventBus events() {
        return events;
    }

    /** Connected marketplace accounts: OAuth, settings, tokens. */
    public PlatformAccounts platformAccounts() {
        return posting.accounts;
    }

    /** Reads sales made on the platforms (eBay orders); started by {@link #start()}, or run by hand with {@code runDue()}. */
    public SaleWatcher saleWatcher() {
        return posting.sales;
    }

    /** Posting items to marketplaces. */
    public Postings postings() {
        return posting.postings;
    }

    /** The posting jobs; started by {@link #start()}, or run by hand with {@code runDue()}. */
    public PostingWorker postingWorker() {
        return posting.worker;
    }

    /** The HTTP API, to mount into a Javalin app or register as a plugin. */
    public HttpApi http() {
        return http;
    }

    public Persistence persistence() {
        return persistence;
    }

    private <T extends ExecutorService> T own(T pool) {
        owned.add(pool::shutdownNow);
        return pool;
    }

    /** A fixed pool of daemon threads; Executors creates each thread on first use, not up front. */
    private static ExecutorService lazyPool(int size, String name) {
        return Executors.newFixedThreadPool(size, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    public static final class Builder {
        private Persistence persistence;
        private Supplier<Persistence> persistenceFactory;
        private String jwtSecret;
        private Clock clock = Clock.systemUTC();
        private IdGenerator ids = IdGenerator.random();
        private PasswordHasher passwordHasher;
        private int bcryptCost = BcryptPasswordHasher.MIN_COST;
        private Duration accessTokenLifetime = Duration.ofMinutes(15);
        private Duration refreshTokenLifetime = Authentication.DEFAULT_REFRESH_LIFETIME;
        private ImageStore imageStore;
        private boolean serveFiles;
        private ImageProcessor imageProcessor;
        private Executor photoWorkers;
        private int photoParallelism = Runtime.getRuntime().availableProcessors();
        private EventBus events;
        private boolean backgroundWork = true;
        private DeviceId instanceId = randomInstanceId();
        private Duration tombstoneRetention = TombstonePurge.DEFAULT_RETENTION;
        private SyncSocket.Limits syncLimits = SyncSocket.Limits.DEFAULT;
        private boolean syncReadAhead = true;
        private Duration tombstonePurgeEvery = Duration.ofHours(1);
        private ProviderSettings openAi;
        private ProviderSettings gemini;
        private AiProvider aiPrimary = AiProvider.GEMINI;
        private double aiEscalationThreshold = 0.6;
        private AiSettings aiSettings = AiSettings.DEFAULT;
        private RecognitionCache recognitionCache;
        private final PostingWiring.Options posting = new PostingWiring.Options();
        private RateLimiting.Limits rateLimits = RateLimiting.Limits.OFF;
        private RateLimits rateLimitStore;
        private com.llatria.adapters.web.Idempotency.Limits idempotencyLimits = com.llatria.adapters.web.Idempotency.Limits.DEFAULT;

        private Builder() {
        }

        /** Photos as files in {@code directory}, served by the API under {@code urlPrefix} (normally "/files"). */
        public Builder localImages(Path directory, String urlPrefix) {
            return imageStore(new LocalDiskImageStore(directory, urlPrefix), true);
        }

        /**
         * Photos in any store; {@code servedByApi} when the API should serve them under /files.
         * Without a choice, photos go to ./data/images, served under /files.
         */
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

        /** Runs photo processing on the host's executor instead of a pool of Llatria's own (which it then never shuts down). */
        public Builder photoWorkers(Executor value) {
            photoWorkers = value;
            return this;
        }

        /** PostgreSQL through the host's data source; the schema is migrated on build. */
        public Builder postgres(DataSource dataSource) {
            // Reads that show items (item, list, pull, events) copy photos rendered ahead, for every image store.
            persistenceFactory = () -> Persistence.postgres(dataSource, true);
            return this;
        }

        /** Everything in memory, photos included: for tests and trying things out. */
        public Builder inMemory() {
            if (imageStore == null) imageStore(new InMemoryImageStore("/files"), true);
            return persistence(Persistence.inMemory());
        }

        public Builder persistence(Persistence value) {
            persistence = value;
            persistenceFactory = null;
            return this;
        }

        /** Where events go between server instances (Redis); in-process when not set. */
        public Builder events(EventBus value) {
            events = value;
            return this;
        }

        /** False: {@link Llatria#start()} starts no background work (the host runs it elsewhere, or not at all). */
        public Builder backgroundWork(boolean value) {
            backgroundWork = value;
            return this;
        }

        /** Lets sellers connect eBay and post there. */
        public Builder ebay(EbayConfig value) {
            posting.ebay = value;
            return this;
        }

        /** Lets sellers connect Facebook and post to their Meta catalog. */
        public Builder meta(MetaConfig value) {
            posting.meta = value;
            return this;
        }

        /**
         * The AES-256 key that seals stored platform tokens, and older keys that still open what
         * they sealed. Without one, a key lives as long as the process (connections must then be
         * renewed after a restart).
         */
        public Builder credentialsKey(byte[] current, List<byte[]> previous) {
            posting.credentialsKey = current.clone();
            posting.previousKeys = List.copyOf(previous);
            return this;
        }

        /** How this instance checks platforms for sales (its worker name must be unique among instances). */
        public Builder saleChecks(SaleWatcher.Options value) {
            posting.sales = value;
            return this;
        }

        /** How this instance runs posting jobs (its worker name must be unique among instances). */
        public Builder postingJobs(PostingWorker.Options value) {
            posting.worker = value;
            return this;
        }

        /** The HTTP client for the marketplaces (timeouts). */
        public Builder platformHttp(PlatformHttp value) {
            posting.http = value;
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
            bcryptCost = cost;
            return this;
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

        /**
         * How long a deleted item's tombstone is kept for devices to pull (30 days by default). A
         * device whose last sync is older gets 409 reset-required and downloads everything again.
         */
        public Builder tombstoneRetention(Duration value) {
            if (value.isNegative() || value.isZero()) throw new IllegalArgumentException("tombstoneRetention must be positive");
            tombstoneRetention = value;
            return this;
        }

        /**
         * What one sync socket may hold unsent (4 MB by default; beyond, it is closed with 4429) and
         * how many sockets one account may open on this instance (20; beyond, 4403).
         */
        public Builder syncLimits(SyncSocket.Limits value) {
            syncLimits = value;
            return this;
        }

        /** Whether pull reads the next page of a page set ahead (on by default; the sync benchmark compares both). */
        public Builder syncReadAhead(boolean value) {
            syncReadAhead = value;
            return this;
        }

        /** How often old tombstones are purged (hourly by default). */
        public Builder tombstonePurgeEvery(Duration value) {
            if (value.isNegative() || value.isZero()) throw new IllegalArgumentException("tombstonePurgeEvery must be positive");
            tombstonePurgeEvery = value;
            return this;
        }

        private static DeviceId randomInstanceId() {
            return new DeviceId("srv-" + Long.toString(new java.security.SecureRandom().nextLong() >>> 1, 36));
        }

        /** OpenAI, or any OpenAI-compatible server (Ollama, LM Studio, vLLM) through its base URL. */
        public Builder openAi(ProviderSettings value) {
            openAi = value;
            return this;
        }

        public Builder gemini(ProviderSettings value) {
            gemini = value;
            return this;
        }

        /** Which provider is asked first when both are configured (Gemini unless told otherwise). */
        public Builder aiPrimary(AiProvider value) {
            aiPrimary = Objects.requireNonNull(value);
            return this;
        }

        /** Below this confidence (0-1) the other provider is asked too. */
        public Builder aiEscalationThreshold(double value) {
            aiEscalationThreshold = value;
            return this;
        }

        public Builder aiSettings(AiSettings value) {
            aiSettings = Objects.requireNonNull(value);
            return this;
        }

        /** Where recognitions are cached (Redis, shared by instances); in process when not set. */
        public Builder recognitionCache(RecognitionCache value) {
            recognitionCache = value;
            return this;
        }

        /**
         * Requests a minute per address (without a valid token) and per signed-in user; off unless
         * set here (a host usually limits at its own edge). The standalone server sets 100 and 1,000.
         */
        public Builder rateLimits(RateLimiting.Limits value) {
            rateLimits = Objects.requireNonNull(value);
            return this;
        }

        /** Where request budgets are counted (Redis, shared by instances); in this process when not set. */
        /**
         * Idempotency-Key: how long a claim lasts unless its server renews it (30 s; renewed every
         * sixth of it while the request runs), and how many answers (1,000) and bytes (10 MB) are
         * kept per user, the oldest dropped first.
         */
        public Builder idempotencyLimits(com.llatria.adapters.web.Idempotency.Limits value) {
            idempotencyLimits = Objects.requireNonNull(value);
            return this;
        }

        public Builder rateLimitStore(RateLimits value) {
            rateLimitStore = value;
            return this;
        }

        public Llatria build() {
            Objects.requireNonNull(jwtSecret, "jwtSecret is required");
            if (persistenceFactory != null) persistence = persistenceFactory.get();
            Objects.requireNonNull(persistence, "choose postgres(dataSource) or inMemory()");
            if (passwordHasher == null) passwordHasher = new BcryptPasswordHasher(bcryptCost);
            return new Llatria(this);
        }
    }
}
