package com.llatria.adapters.web.platforms;

import com.llatria.adapters.web.Json;
import com.llatria.adapters.web.RequestContext;
import com.llatria.adapters.web.inventory.InventoryRoutes;
import com.llatria.application.UseCaseException;
import com.llatria.application.UseCaseException.Kind;
import com.llatria.application.posting.ListingPackage;
import com.llatria.application.posting.PlatformAccounts;
import com.llatria.application.posting.PostingView;
import com.llatria.application.posting.Postings;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PostingMode;
import com.llatria.domain.user.UserId;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Connected marketplace accounts (/api/platforms/...) and an item's postings
 * (/api/inventory/:id/post/:platform, /api/inventory/:id/postings...). No response carries a token.
 */
public final class PlatformRoutes {
    private final PlatformAccounts accounts;
    private final Postings postings;

    public PlatformRoutes(PlatformAccounts accounts, Postings postings) {
        this.accounts = accounts;
        this.postings = postings;
    }

    record ConsentJson(String url, String state, Instant expiresAt) {
    }

    record AccountJson(String platform, String status, String account, List<String> scopes, Instant expiresAt,
                       Map<String, String> settings, String problem, Instant salesCheckedUntil, String salesProblem) {
        static AccountJson from(PlatformAccounts.Account a) {
            return new AccountJson(a.platform().wireName(), a.status().wireName(), a.account().orElse(null), a.scopes(),
                    a.expiresAt().orElse(null), a.settings(), a.problem().orElse(null), a.salesCheckedUntil().orElse(null),
                    a.salesProblem().orElse(null));
        }
    }

    record SettingsRequest(String platform, Map<String, String> settings) {
    }

    record PostRequest(String categoryId, String mode) {
    }

    record ConfirmRequest(String url) {
    }

    /** A posting as clients see it, here and inside every item (ItemJson). */
    public record PostingJson(String id, String platform, String mode, String status, String listingId, String url, String error,
                       String reason, String detail, int attempts, Instant nextRetryAt, List<String> warnings, String task,
                       String categoryId, long version) {
        public static PostingJson from(PostingView v) {
            return new PostingJson(v.id().toString(), v.platform().wireName(), v.mode().wireName(), v.state(),
                    v.listingId().orElse(null), v.url().orElse(null), v.error().orElse(null), v.reason().orElse(null),
                    v.detail().orElse(null), v.attempts(), v.nextRetryAt().orElse(null), v.warnings(), v.task().orElse(null),
                    v.categoryId().orElse(null), v.version());
        }
    }

    record PackageJson(String sku, String title, String description, Map<String, String> price, String condition,
                       String category, List<String> photoUrls) {
        static PackageJson from(ListingPackage p) {
            return new PackageJson(p.sku(), p.title(), p.description(), Map.of("amount", p.price(), "currency", p.currency()),
                    p.condition().orElse(null), p.category().orElse(null), p.photoUrls());
        }
    }

    /**
     * Answers the consent URL and sets the binding cookie on the caller: a browser client (same
     * site, {@code credentials: 'include'}) keeps it for the callback; an app may send it back or
     * finish with its access token instead (docs/posting.md).
     */
    public void connect(Context ctx, RequestContext request) {
        Platform platform = platform(ctx);
        PlatformAccounts.Consent consent = accounts.connect(request.user(), platform);
        setBindingCookie(ctx, platform, consent.binding(), PlatformAccounts.CONSENT_LIFETIME.toSeconds());
        Json.respond(ctx, 200, new ConsentJson(consent.url().toString(), consent.state(), consent.expiresAt()));
    }

    /**
     * Where the platform sends the seller's browser back. The state names the user; the binding
     * cookie (or the signed-in user's access token, {@code signedIn}) proves this is who started.
     */
    public void callback(Context ctx, Optional<UserId> signedIn) {
        Platform platform = platform(ctx);
        Optional<String> binding = Optional.ofNullable(ctx.cookie(bindingCookie(platform))).filter(v -> !v.isBlank());
        // Spent either way: the consent it named is used up.
        if (binding.isPresent()) setBindingCookie(ctx, platform, "", 0);
        Optional<String> error = Optional.ofNullable(ctx.queryParam("error_description"))
                .or(() -> Optional.ofNullable(ctx.queryParam("error")));
        PlatformAccounts.Account account = accounts.callback(platform, ctx.queryParam("state"),
                Optional.ofNullable(ctx.queryParam("code")), error, new PlatformAccounts.CallbackProof(binding, signedIn));
        Json.respond(ctx, 200, AccountJson.from(account));
    }

    static String bindingCookie(Platform platform) {
        return "llatria_consent_" + platform.wireName();
    }

    /**
     * HttpOnly (no script reads it), SameSite=Lax (sent on the platform's top-level redirect back
     * to us, not on other sites' requests), only to the callback's path, Secure when the request
     * came over https (directly or through a proxy that says so).
     */
    private static void setBindingCookie(Context ctx, Platform platform, String value, long maxAgeSeconds) {
        boolean https = "https".equalsIgnoreCase(ctx.scheme())
                || "https".equalsIgnoreCase(Optional.ofNullable(ctx.header("X-Forwarded-Proto")).orElse("").trim());
        ctx.res().addHeader("Set-Cookie", bindingCookie(platform) + "=" + value + "; Max-Age=" + maxAgeSeconds
                + "; Path=/api/platforms/" + platform.wireName() + "/callback; HttpOnly; SameSite=Lax" + (https ? "; Secure" : ""));
    }

    public void credentials(Context ctx, RequestContext request) {
        Json.respond(ctx, 200, Map.of("accounts", accounts.list(request.user()).stream().map(AccountJson::from).toList()));
    }

    public void saveSettings(Context ctx, RequestContext request) {
        SettingsRequest body = Json.read(ctx, SettingsRequest.class);
        if (body.platform() == null) throw Postings.invalidInput("platform", "is required: ebay or facebook");
        Platform platform = Platform.fromWire(body.platform())
                .orElseThrow(() -> Postings.invalidInput("platform", "must be ebay or facebook"));
        if (body.settings() == null) throw Postings.invalidInput("settings", "is required: an object of setting names and values");
        Json.respond(ctx, 200, AccountJson.from(accounts.saveSettings(request.user(), platform, body.settings())));
    }

    public void disconnect(Context ctx, RequestContext request) {
        accounts.disconnect(request.user(), platform(ctx));
        ctx.status(204);
    }

    public void post(Context ctx, RequestContext request) {
        PostRequest body = ctx.body().isBlank() ? new PostRequest(null, null) : Json.read(ctx, PostRequest.class);
        Optional<PostingMode> mode = Optional.ofNullable(body.mode()).map(m -> switch (m) {
            case "api" -> PostingMode.API;
            case "assisted" -> PostingMode.ASSISTED;
            default -> throw Postings.invalidInput("mode", "must be api or assisted");
        });
        PostingView view = postings.post(request.user(), request.device(), InventoryRoutes.itemId(ctx), platform(ctx),
                new Postings.PostRequest(Optional.ofNullable(body.categoryId()), mode));
        Json.respond(ctx, 202, PostingJson.from(view));
    }

    public void list(Context ctx, RequestContext request) {
        List<PostingView> views = postings.list(request.user(), InventoryRoutes.itemId(ctx));
        Json.respond(ctx, 200, Map.of("postings", views.stream().map(PostingJson::from).toList()));
    }

    public void takeDown(Context ctx, RequestContext request) {
        PostingView view = postings.takeDown(request.user(), request.device(), InventoryRoutes.itemId(ctx), platform(ctx));
        Json.respond(ctx, "idle".equals(view.state()) ? 200 : 202, PostingJson.from(view));
    }

    public void listingPackage(Context ctx, RequestContext request) {
        platform(ctx);
        Json.respond(ctx, 200, PackageJson.from(postings.listingPackage(request.user(), InventoryRoutes.itemId(ctx))));
    }

    public void confirm(Context ctx, RequestContext request) {
        ConfirmRequest body = ctx.body().isBlank() ? new ConfirmRequest(null) : Json.read(ctx, ConfirmRequest.class);
        PostingView view = postings.confirm(request.user(), request.device(), InventoryRoutes.itemId(ctx), platform(ctx),
                Optional.ofNullable(body.url()));
        Json.respond(ctx, 200, PostingJson.from(view));
    }

    private static Platform platform(Context ctx) {
        String wire = ctx.pathParam("platform");
        return Platform.fromWire(wire).orElseThrow(() -> new UseCaseException(Kind.NOT_FOUND, "not-found", "Not found",
                "no platform '" + wire + "' (ebay, facebook)"));
    }
}
