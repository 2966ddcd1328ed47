package com.llatria.adapters.web;

import com.llatria.adapters.web.ai.AiRoutes;
import com.llatria.adapters.web.auth.AuthRoutes;
import com.llatria.adapters.web.auth.JwtAccessTokens;
import com.llatria.adapters.web.inventory.InventoryRoutes;
import com.llatria.adapters.web.photos.PhotoRoutes;
import com.llatria.adapters.web.platforms.PlatformRoutes;
import com.llatria.application.posting.PlatformAccounts;
import com.llatria.application.posting.Postings;
import com.llatria.adapters.web.sync.SyncRoutes;
import com.llatria.adapters.web.sync.SyncSocket;
import com.llatria.application.InvalidInput;
import com.llatria.application.Validation;
import com.llatria.application.ai.ListingAssistant;
import com.llatria.application.auth.Authentication;
import com.llatria.application.auth.NotSignedIn;
import com.llatria.application.inventory.Inventory;
import com.llatria.application.photos.ItemPhotos;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.user.UserId;
import io.javalin.config.JavalinState;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.plugin.Plugin;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API. {@link #mount} adds its routes to any Javalin app, ours or a host service's,
 * without touching that app's other routes, JSON mapper or exception handlers: every handler
 * here maps its own failures to problem+json.
 */
public final class HttpApi {
    public static final String DEVICE_HEADER = "X-Device-Id";
    /** Writes from clients that do not say which device they are. */
    public static final DeviceId UNNAMED_DEVICE = new DeviceId("api");

    private final AuthRoutes auth;
    private final InventoryRoutes inventory;
    private final PhotoRoutes photos;
    private final AiRoutes ai;
    private final JwtAccessTokens accessTokens;
    private final Authentication authentication;
    private final boolean serveFiles;
    private PlatformRoutes platforms;
    private final SyncRoutes sync;
    private final SyncSocket syncSocket;
    private RateLimiting rateLimiting;
    private Idempotency idempotency;

    /**
     * @param serveFiles whether this server hands out the stored photo files itself under
     *                   {@code /files/} (the local-disk store) rather than the store doing it (S3, a CDN)
     */
    public HttpApi(Authentication authentication, Inventory inventory, ItemPhotos itemPhotos, JwtAccessTokens accessTokens,
                   Clock clock, boolean serveFiles, ListingAssistant assistant,
                   SyncRoutes sync, SyncSocket syncSocket) {
        this.auth = new AuthRoutes(authentication, accessTokens, clock, ended -> {
            if (syncSocket != null) syncSocket.endSessions(ended);
        });
        this.inventory = new InventoryRoutes(inventory);
        this.photos = new PhotoRoutes(itemPhotos);
        this.ai = new AiRoutes(assistant);
        this.accessTokens = accessTokens;
        this.authentication = authentication;
        this.serveFiles = serveFiles;
        this.sync = sync;
        this.syncSocket = syncSocket;
    }

    /** Adds the marketplace routes (connected accounts, postings); call before {@link #mount}. */
    public void platforms(PlatformAccounts accounts, Postings postings) {
        this.platforms = new PlatformRoutes(accounts, postings);
    }

    /** Limits requests per address and per user (see {@link RateLimiting}); call before {@link #mount}. */
    public void rateLimits(com.llatria.domain.port.RateLimits budgets, RateLimiting.Limits limits) {
        this.rateLimiting = new RateLimiting(budgets, limits, accessTokens, authentication::isCurrent);
    }

    /**
     * Honours the Idempotency-Key header (see {@link Idempotency}); call before {@link #mount}.
     * Close what it returns when the server stops.
     */
    public Idempotency idempotency(com.llatria.domain.port.IdempotencyRecords records, Clock clock,
                                   com.llatria.domain.port.IdGenerator ids, Idempotency.Limits limits) {
        this.idempotency = new Idempotency(records, clock, ids, limits);
        return idempotency;
    }

    public void mount(RoutesConfig routes) {
        if (rateLimiting != null) {
            // First, so a client over its budget costs nothing else; the /sync upgrade counts as one request.
            routes.before("/api/*", rateLimiting::check);
            routes.wsBeforeUpgrade("/sync", rateLimiting::check);
        }
        // Javalin decodes path parameters while matching, before any handler of ours could catch
        // a malformed escape; so the raw path is checked first, on our paths only.
        routes.before("/api/*", HttpApi::checkEscapes);
        if (serveFiles) routes.before("/files/*", HttpApi::checkEscapes);
        routes.post("/api/auth/register", open(auth::register));
        routes.post("/api/auth/login", open(auth::login));
        routes.post("/api/auth/refresh", open(auth::refresh));
        routes.post("/api/auth/logout", open(auth::logout));
        get(routes, "/api/auth/me", signedIn(auth::me));
        routes.put("/api/auth/me", signedIn(auth::replaceProfile));
        routes.patch("/api/auth/me", signedIn(auth::patchProfile));
        routes.delete("/api/auth/me", signedIn(auth::deactivate));
        routes.post("/api/auth/password", signedIn(auth::changePassword));

        get(routes, "/api/inventory", signedIn(inventory::list));
        routes.post("/api/inventory", signedIn(inventory::create));
        routes.post("/api/inventory/bulk", signedIn(inventory::bulk));
        get(routes, "/api/inventory/{id}", signedIn(inventory::get));
        routes.put("/api/inventory/{id}", signedIn(inventory::update));
        routes.patch("/api/inventory/{id}", signedIn(inventory::patch));
        routes.delete("/api/inventory/{id}", signedIn(inventory::delete));
        routes.patch("/api/inventory/{id}/sold", signedIn(inventory::markSold));

        routes.post("/api/inventory/{id}/images", signedIn(photos::upload));
        routes.put("/api/inventory/{id}/images/reorder", signedIn(photos::reorder));
        routes.delete("/api/inventory/{id}/images/{imageId}", signedIn(photos::delete));
        if (serveFiles) get(routes, "/files/<key>", open(photos::file));

        routes.post("/api/ai/recognize", signedIn(ai::recognize));
        get(routes, "/api/ai/suggestions/{itemId}", signedIn(ai::suggestions));
        routes.post("/api/ai/describe/{itemId}", signedIn(ai::describe));
        get(routes, "/api/ai/usage", signedIn(ai::usage));

        if (platforms != null) {
            routes.post("/api/platforms/{platform}/connect", signedIn(platforms::connect));
            // A browser arrives without a bearer token (its cookie proves it started); an app finishing itself sends one.
            get(routes, "/api/platforms/{platform}/callback", open(ctx -> platforms.callback(ctx,
                    ctx.header("Authorization") == null ? java.util.Optional.empty() : java.util.Optional.of(user(ctx)))));
            get(routes, "/api/platforms/credentials", signedIn(platforms::credentials));
            routes.post("/api/platforms/credentials", signedIn(platforms::saveSettings));
            routes.delete("/api/platforms/credentials/{platform}", signedIn(platforms::disconnect));
            routes.post("/api/inventory/{id}/post/{platform}", signedIn(platforms::post));
            get(routes, "/api/inventory/{id}/postings", signedIn(platforms::list));
            routes.delete("/api/inventory/{id}/postings/{platform}", signedIn(platforms::takeDown));
            get(routes, "/api/inventory/{id}/postings/{platform}/package", signedIn(platforms::listingPackage));
            routes.post("/api/inventory/{id}/postings/{platform}/confirm", signedIn(platforms::confirm));
        }
        routes.post("/api/sync/push", signedIn(sync::push));
        routes.post("/api/sync/pull", signedIn(sync::pull));
        get(routes, "/api/sync/last-sync", signedIn(sync::lastSync));
        get(routes, "/api/sync/conflicts", signedIn(sync::conflicts));
        routes.post("/api/sync/resolve", signedIn(sync::resolve));
        routes.ws("/sync", syncSocket::configure);
    }

    /**
     * A GET route and its HEAD twin. Without an explicit HEAD route Javalin answers 200 to a HEAD
     * of any path that has a GET route, without running it: no sign-in, no 404, no ETag.
     */
    private static void get(RoutesConfig routes, String path, Handler handler) {
        routes.get(path, handler);
        routes.head(path, handler);
    }

    /**
     * The API is stateless (bearer tokens), but Javalin's WebSocket upgrade asks for an HTTP
     * session, and its default session handler keeps each one for good, refused upgrades included:
     * anyone could fill the heap (S.11). This keeps a session only as long as its request and sends
     * no cookie for it.
     */
    public static void noHttpSessions(io.javalin.config.JettyConfig jetty) {
        jetty.modifyServletContextHandler(context -> {
            var cache = new org.eclipse.jetty.session.NullSessionCache(context.getSessionHandler());
            cache.setSessionDataStore(new org.eclipse.jetty.session.NullSessionDataStore());
            context.getSessionHandler().setSessionCache(cache);
            context.getSessionHandler().setUsingCookies(false);
        });
    }

    /**
     * The same routes as a Javalin plugin: {@code config.registerPlugin(api.plugin())}, with
     * {@link #noHttpSessions} applied.
     */
    public Plugin<Void> plugin() {
        return new Plugin<>() {
            @Override
            public void onInitialize(JavalinState state) {
                noHttpSessions(state.jetty);
                mount(state.routes);
            }

            @Override
            public String name() {
                return "llatria";
            }
        };
    }

    @FunctionalInterface
    interface AuthenticatedHandler {
        void handle(Context ctx, RequestContext request) throws Exception;
    }

    private Handler open(Handler handler) {
        return ctx -> {
            try {
                checkSize(ctx);
                checkParameters(ctx);
                handler.handle(ctx);
            } catch (Exception e) {
                Problems.respond(ctx, e);
            }
        };
    }

    private static final java.util.regex.Pattern BAD_ESCAPE = java.util.regex.Pattern.compile("%(?![0-9A-Fa-f]{2})");

    private static void checkEscapes(Context ctx) {
        String path = ctx.req().getRequestURI();
        String query = ctx.req().getQueryString();
        String part = path != null && BAD_ESCAPE.matcher(path).find() ? "path"
                : query != null && BAD_ESCAPE.matcher(query).find() ? "query" : null;
        if (part != null) {
            Problems.respond(ctx, InvalidInput.of(part, "has a malformed percent-escape (use %XX with two hex digits)"));
            ctx.skipRemainingHandlers();
        }
    }

    /** The most a JSON body may be (Javalin's own limit when the body is read, checked here first). */
    public static final long MAX_JSON_BYTES = 1_000_000;

    /**
     * A body declared too large is refused from its Content-Length, before a byte of it is read:
     * a client that sent "Expect: 100-continue" then gets the 413 instead of sending the body,
     * and no connection is closed under a client still writing. Uploads have their own limit.
     */
    private static void checkSize(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        String type = ctx.req().getContentType();
        boolean multipart = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/");
        // A sync push carries up to 500 mutations: it reads its body itself, bounded by its own limit.
        long limit = RoutePath.of(ctx.path()).equals("/api/sync/push") ? com.llatria.adapters.web.sync.SyncRoutes.MAX_PUSH_BYTES : MAX_JSON_BYTES;
        if (!multipart && length > limit) {
            throw new com.llatria.application.UseCaseException(com.llatria.application.UseCaseException.Kind.TOO_LARGE, "too-large",
                    "Request too large", "a JSON body here may be at most " + limit / 1000 + " kB");
        }
    }

    /**
     * Text enters through the URL too: every path and query parameter must decode (a malformed
     * percent-escape is a 400, not a 500 from the decoder) and pass the one text rule.
     */
    private static void checkParameters(Context ctx) {
        Map<String, String> path;
        Map<String, List<String>> query;
        try {
            path = ctx.pathParamMap();
        } catch (IllegalArgumentException e) {
            throw InvalidInput.of("path", "has a malformed percent-escape (use %XX with two hex digits)");
        }
        try {
            query = ctx.queryParamMap();
        } catch (IllegalArgumentException e) {
            throw InvalidInput.of("query", "has a malformed percent-escape (use %XX with two hex digits)");
        }
        Validation v = new Validation();
        path.forEach(v::text);
        query.forEach((name, values) -> {
            v.text(name, name);
            values.forEach(value -> v.text(name, value));
        });
        v.throwIfInvalid();
    }

    private Handler signedIn(AuthenticatedHandler handler) {
        return open(ctx -> {
            RequestContext request = new RequestContext(user(ctx), device(ctx));
            if (idempotency != null && idempotency.applies(ctx)) idempotency.run(ctx, request.user(), () -> handler.handle(ctx, request));
            else handler.handle(ctx, request);
        });
    }

    private UserId user(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new BadRequest.Unauthenticated("send an access token: Authorization: Bearer <token>");
        }
        JwtAccessTokens.Verified token = accessTokens.check(header.substring(7).trim())
                .orElseThrow(() -> new BadRequest.Unauthenticated("the access token is invalid or has expired"));
        // A genuine token outlives a deleted or deactivated account, and a password change, by up
        // to its lifetime: refuse it here (a cached check, no database round trip).
        if (!authentication.isCurrent(token.user(), token.epoch())) throw new NotSignedIn();
        return token.user();
    }

    private static DeviceId device(Context ctx) {
        String header = ctx.header(DEVICE_HEADER);
        if (header == null || header.isBlank()) return UNNAMED_DEVICE;
        if (!DeviceId.isValid(header)) {
            throw InvalidInput.of(DEVICE_HEADER, "must be 1-64 letters, digits, '.', '_' or '-'");
        }
        return new DeviceId(header);
    }
}
