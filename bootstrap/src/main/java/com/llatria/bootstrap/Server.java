package com.llatria.bootstrap;

import com.llatria.adapters.crypto.aesgcm.AesGcmCredentialCipher;
import com.llatria.adapters.persistence.postgres.PostgresDatabase;
import com.llatria.adapters.persistence.redis.RedisConnections;
import com.llatria.adapters.persistence.redis.RedisEventBus;
import com.llatria.adapters.persistence.redis.RedisRecognitionCache;
import com.llatria.adapters.persistence.redis.RedisRateLimits;
import com.llatria.adapters.persistence.memory.InMemoryRateLimits;
import com.llatria.application.ai.AiSettings;
import redis.clients.jedis.JedisPooled;
import com.llatria.adapters.platforms.ebay.EbayConfig;
import com.llatria.adapters.platforms.meta.MetaConfig;
import com.llatria.application.posting.PostingWorker;
import com.llatria.application.posting.SaleWatcher;
import com.llatria.domain.posting.RetryPolicy;
import com.llatria.adapters.web.HttpApi;
import com.llatria.adapters.web.Json;
import com.llatria.adapters.web.Problem;
import com.llatria.adapters.web.Problems;
import com.zaxxer.hikari.HikariDataSource;
import com.llatria.adapters.storage.s3.MinioImageStore;
import com.llatria.adapters.web.photos.PhotoRoutes;
import com.llatria.adapters.web.sync.SyncSocket;
import com.llatria.application.photos.PhotoPipeline;
import io.javalin.Javalin;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import io.javalin.config.SizeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The standalone HTTP server: the database (embedded unless DATABASE_URL is set), the JWT
 * secret (generated and kept unless JWT_SECRET is set), the application and Javalin.
 */
public final class Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Server.class);

    private final Javalin javalin;
    private final Llatria llatria;
    private final HikariDataSource dataSource;
    private final Optional<EmbeddedDatabase> embedded;
    private final List<String> defaults;
    private final Optional<JedisPooled> redis;
    private final Optional<RedisEventBus> events;

    private Server(Javalin javalin, Llatria llatria, HikariDataSource dataSource, Optional<EmbeddedDatabase> embedded,
                   List<String> defaults, Optional<JedisPooled> redis, Optional<RedisEventBus> events) {
        this.redis = redis;
        this.events = events;
        this.javalin = javalin;
        this.llatria = llatria;
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.defaults = defaults;
    }

    public static Server start(Settings settings) {
        checkPortFree(settings);
        List<String> defaults = new ArrayList<>();
        Optional<EmbeddedDatabase> embedded = Optional.empty();
        String url;
        if (settings.databaseUrl().isPresent()) {
            url = settings.databaseUrl().get();
        } else {
            EmbeddedDatabase db = EmbeddedDatabase.start(settings.dataDir().resolve("postgres").toAbsolutePath());
            embedded = Optional.of(db);
            url = db.jdbcUrl();
            defaults.add("no DATABASE_URL: embedded PostgreSQL with its data in " + db.directory());
        }
        HikariDataSource dataSource = null;
        JedisPooled redis = null;
        RedisEventBus events = null;
        try {
            dataSource = PostgresDatabase.pool(url, settings.databaseUser().orElse(null),
                    settings.databasePassword().orElse(null), settings.databasePoolSize());
            String secret = settings.jwtSecret().orElseGet(() -> {
                var file = settings.dataDir().resolve("jwt-secret").toAbsolutePath();
                defaults.add("no JWT_SECRET: using the generated secret kept in " + file);
                return SecretFile.loadOrCreate(file);
            });
            Llatria.Builder builder = Llatria.builder();
            if (settings.s3().isPresent()) {
                Settings.S3 s3 = settings.s3().get();
                builder.imageStore(MinioImageStore.connect(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey(),
                        s3.bucket(), s3.publicBaseUrl(), Duration.ofDays(7)).ensureBucket(), false);
            } else {
                var images = settings.dataDir().resolve("images").toAbsolutePath();
                defaults.add("no S3_BUCKET_NAME: photos kept in " + images + " and served under /files");
                builder.localImages(images, settings.publicBaseUrl().orElse("") + "/files");
            }
            AiEnvironment ai = settings.ai();
            ai.openAi().ifPresent(builder::openAi);
            ai.gemini().ifPresent(builder::gemini);
            ai.primary().ifPresent(builder::aiPrimary);
            builder.aiEscalationThreshold(ai.escalationThreshold())
                    .aiSettings(AiSettings.DEFAULT.withDailyLimit(ai.dailyLimit()).withMaxConcurrentCalls(ai.maxConcurrentCalls())
                            .withDeadline(ai.deadline()));
            if (!ai.configured()) {
                defaults.add("no GEMINI_API_KEY, OPENAI_API_KEY or OPENAI_BASE_URL: AI recognition is off (price suggestions still work)");
            }
            if (ai.redisUrl().isPresent()) {
                redis = RedisConnections.pool(ai.redisUrl().get(), 16);
                builder.recognitionCache(new RedisRecognitionCache(redis));
                // Live sync events travel between instances over Redis pub/sub too; its threads are daemons.
                events = new RedisEventBus(redis);
                builder.events(events);
                // Request budgets shared by the instances; this instance's own while Redis is away.
                builder.rateLimitStore(new RedisRateLimits(redis, java.time.Clock.systemUTC(),
                        new InMemoryRateLimits(java.time.Clock.systemUTC(), 100_000)));
            } else {
                defaults.add("no REDIS_URL: AI recognitions are cached in this process, live sync events stay within it, and request rate limits are counted per instance");
            }
            platforms(builder, settings, defaults);
            Llatria llatria = builder
                    .postgres(dataSource)
                    .jwtSecret(secret)
                    .accessTokenLifetime(settings.accessTokenLifetime())
                    .refreshTokenLifetime(settings.refreshTokenLifetime())
                    .bcryptCost(settings.bcryptCost())
                    .tombstoneRetention(settings.tombstoneRetention())
                    .syncLimits(new SyncSocket.Limits(settings.syncMaxUnsentBytes(), settings.syncMaxSocketsPerUser()))
                    .rateLimits(settings.rateLimits())
                    .build();
            Javalin javalin = javalin(llatria, settings, dataSource);
            javalin.start(settings.host(), settings.port());
            llatria.start();
            return new Server(javalin, llatria, dataSource, embedded, defaults, Optional.ofNullable(redis),
                    Optional.ofNullable(events));
        } catch (RuntimeException e) {
            if (dataSource != null) dataSource.close();
            if (events != null) events.close();
            if (redis != null) redis.close();
            embedded.ifPresent(EmbeddedDatabase::close);
            throw e;
        }
    }

    /** A port in use is found before the database starts, and said plainly (Jetty's own report is a stack trace). */
    private static void checkPortFree(Settings settings) {
        if (settings.port() == 0) return;
        InetAddress address;
        try {
            address = InetAddress.getByName(settings.host());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("HOST '" + settings.host() + "' is not a known address");
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(address, settings.port()));
        } catch (IOException e) {
            throw new IllegalArgumentException("PORT " + settings.port() + " on " + settings.host() + " cannot be used ("
                    + e.getMessage() + "); is another server running there?");
        }
    }

    /** One line saying why a start failed, for the operator: the first message of the chain. */
    static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank()) {
                String line = message.strip().lines().findFirst().orElse(message);
                return line.length() > 400 ? line.substring(0, 400) + "..." : line;
            }
        }
        return failure.getClass().getSimpleName();
    }

    /** eBay and Facebook when their keys are set, and the key that seals their tokens. */
    private static void platforms(Llatria.Builder builder, Settings settings, List<String> defaults) {
        PlatformSettings p = settings.platforms();
        String key = p.credentialsKey().orElseGet(() -> {
            var file = settings.dataDir().resolve("credentials-key").toAbsolutePath();
            defaults.add("no CREDENTIALS_ENCRYPTION_KEY: sealing platform tokens with the generated key kept in " + file);
            return SecretFile.loadOrCreate(file, 32, true);
        });
        List<byte[]> previous = p.previousCredentialsKeys().stream()
                .flatMap(list -> java.util.Arrays.stream(list.split(",")))
                .map(String::trim).filter(k -> !k.isEmpty())
                .map(k -> AesGcmCredentialCipher.decodeKey(k, "CREDENTIALS_ENCRYPTION_PREVIOUS_KEYS")).toList();
        builder.credentialsKey(AesGcmCredentialCipher.decodeKey(key, "CREDENTIALS_ENCRYPTION_KEY"), previous);
        p.ebay().ifPresent(e -> builder.ebay(EbayConfig.of(e.appId(), e.certId(), e.devId(), e.ruName(), e.environment(),
                e.apiUrl().orElse(null), e.authUrl().orElse(null), e.identityUrl().orElse(null))));
        p.facebook().ifPresent(f -> builder.meta(MetaConfig.of(f.appId(), f.appSecret(), f.graphUrl().orElse(null),
                f.redirectUri().orElseGet(() -> settings.publicBaseUrl().orElse("http://localhost:" + settings.port())
                        + "/api/platforms/facebook/callback"))));
        if (p.ebay().isEmpty()) defaults.add("no EBAY_APP_ID: eBay cannot be connected");
        if (p.facebook().isEmpty()) defaults.add("no FACEBOOK_APP_ID: Facebook posts only through the assisted flow");
        String worker = "server-" + java.util.UUID.randomUUID();
        builder.postingJobs(new PostingWorker.Options(worker, Duration.ofMinutes(2),
                p.postingConcurrency(), Duration.ofSeconds(1), RetryPolicy.DEFAULT));
        Duration salesEvery = Duration.ofSeconds(p.salesCheckSeconds());
        builder.saleChecks(new SaleWatcher.Options(worker, Duration.ofMinutes(2), salesEvery,
                salesEvery.compareTo(Duration.ofSeconds(15)) < 0 ? salesEvery : Duration.ofSeconds(15)));
    }

    private static Javalin javalin(Llatria llatria, Settings settings, HikariDataSource dataSource) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            // Memory: JSON bodies up to 1 MB; an upload's parts go to disk beyond 256 KB, no part
            // beyond a photo's 15 MB (+1 for the container's counting) and no request beyond
            // PhotoRoutes.MAX_REQUEST_BYTES; the photo workers alone hold decoded images.
            config.http.maxRequestSize = 1024 * 1024;
            config.jetty.multipartConfig.cacheDirectory(System.getProperty("java.io.tmpdir"));
            config.jetty.multipartConfig.maxFileSize(PhotoPipeline.MAX_BYTES + 1024 * 1024, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize(256, SizeUnit.KB);
            config.jetty.multipartConfig.maxTotalRequestSize(PhotoRoutes.MAX_REQUEST_BYTES, SizeUnit.BYTES);
            // Every request, whatever the route: refused by its Content-Length before it is read,
            // or when the streamed (chunked) bytes pass the limit.
            config.jetty.modifyServletContextHandler(context ->
                    context.insertHandler(new SizeLimitHandler(PhotoRoutes.MAX_REQUEST_BYTES + 1024 * 1024, -1)));
            Cors cors = settings.corsOrigins().isEmpty() ? null : new Cors(settings.corsOrigins());
            // First of all: every answer from here on, errors included, carries what a browser needs to read it.
            if (cors != null) config.routes.before(cors::handle);
            config.routes.before(ctx -> ctx.header("X-Content-Type-Options", "nosniff"));
            llatria.http().mount(config.routes);
            config.routes.get("/health", ctx -> {
                boolean up;
                try (Connection c = dataSource.getConnection()) {
                    up = c.isValid(1);
                } catch (Exception e) {
                    up = false;
                }
                Json.respond(ctx, up ? 200 : 503, Map.of("status", up ? "ok" : "database unavailable"));
            });
            config.routes.exception(Exception.class, (e, ctx) -> Problems.respond(ctx, e));
            // Our handlers answer their own errors as problems; this covers what no route answered
            // (no such path, a method not allowed, Javalin's own 4xx).
            for (int status : new int[] {400, 404, 405, 408, 411, 413, 414, 415, 431, 500}) {
                config.routes.error(status, ctx -> {
                    if (!isProblem(ctx)) Problems.send(ctx, Problems.forStatus(ctx.statusCode(), null, ctx.path()));
                });
            }
            // What Jetty answers by itself, before Javalin sees a request, is a problem too.
            config.jetty.modifyServer(jetty -> jetty.setErrorHandler(new ProblemErrorHandler(cors)));
            // ... and carries the CORS headers even when Jetty could not parse the request (S.22).
            if (cors != null) config.jetty.modifyServer(OriginRecordingConnections::install);
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new ProblemErrorHandler(cors)));
            HttpApi.noHttpSessions(config.jetty);
        });
    }

    private static boolean isProblem(io.javalin.http.Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith(Problem.CONTENT_TYPE);
    }

    public int port() {
        return javalin.port();
    }

    /** The supervised embedded PostgreSQL, when DATABASE_URL is not set. */
    Optional<EmbeddedDatabase> embeddedDatabase() {
        return embedded;
    }

    /** What the server chose because a setting was missing, for the start-up log. */
    public List<String> defaults() {
        return defaults;
    }

    /** Stops taking requests, lets running ones finish, then closes the pool and the embedded database. */
    @Override
    public void close() {
        LOG.info("stopping");
        javalin.stop();
        llatria.close();
        events.ifPresent(RedisEventBus::close);
        redis.ifPresent(JedisPooled::close);
        dataSource.close();
        embedded.ifPresent(EmbeddedDatabase::close);
    }
}
