package com.llatria.application.posting;

import com.llatria.application.FieldError;
import com.llatria.application.UseCaseException;
import com.llatria.application.UseCaseException.Kind;
import com.llatria.domain.port.CredentialCipher;
import com.llatria.domain.port.CredentialStore;
import com.llatria.domain.port.PlatformAuthorization;
import com.llatria.domain.port.SaleChecks;
import com.llatria.domain.port.Transactions;
import com.llatria.domain.posting.ConsentRequest;
import com.llatria.domain.posting.CredentialStatus;
import com.llatria.domain.posting.GrantResult;
import com.llatria.domain.posting.ListingOutcome.Failure;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformAccess;
import com.llatria.domain.posting.PlatformCredential;
import com.llatria.domain.posting.SaleCheck;
import com.llatria.domain.posting.SealedSecret;
import com.llatria.domain.posting.TokenGrant;
import com.llatria.domain.user.UserId;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * A seller's connections to the marketplaces: OAuth consent and callback, settings that are not
 * OAuth (eBay business policies and location, a Meta catalog), disconnecting, and working access
 * tokens for the posting jobs: refreshed shortly before they expire, and once more when a
 * platform refuses one; a refresh the platform refuses marks the account as needing a new
 * connection. Tokens are sealed before they are stored and are never returned.
 */
public final class PlatformAccounts {
    private static final Logger LOG = Logger.getLogger(PlatformAccounts.class.getName());
    public static final Duration CONSENT_LIFETIME = Duration.ofMinutes(10);
    /**
     * Consents a seller may have pending at once (all platforms); starting another drops the
     * oldest, whose link then answers "expired or already used". Nobody is refused, nobody grows the table.
     */
    public static final int MAX_PENDING_CONSENTS = 10;
    /** Refresh this long before expiry, so a job never starts with a token about to lapse. */
    public static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
    static final Map<Platform, Set<String>> SETTINGS = Map.of(
            Platform.EBAY, Set.of("fulfillmentPolicyId", "paymentPolicyId", "returnPolicyId", "merchantLocationKey"),
            Platform.FACEBOOK, Set.of("catalogId", "storefrontUrl", "brand"));
    /** The Facebook setting naming the seller's own shop: a catalog product must link to a page there. */
    public static final String STOREFRONT_URL = "storefrontUrl";
    private static final int SETTING_MAX = 200;

    private final Map<Platform, PlatformAuthorization> authorizations;
    private final CredentialStore store;
    private final CredentialCipher cipher;
    private final Transactions transactions;
    private final Clock clock;
    private final SecureRandom random;
    private final SaleChecks saleChecks;
    private final Set<Platform> salesWatched;
    /** One monitor per account being refreshed on this server. */
    private final Map<String, Object> refreshing = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * {@code salesWatched}: the platforms whose sales we can read; connecting one of them starts
     * its {@link SaleChecks sale checks}.
     */
    public PlatformAccounts(List<PlatformAuthorization> authorizations, CredentialStore store, CredentialCipher cipher,
                            Transactions transactions, Clock clock, SecureRandom random, SaleChecks saleChecks,
                            Set<Platform> salesWatched) {
        this.saleChecks = saleChecks;
        this.salesWatched = Set.copyOf(salesWatched);
        Map<Platform, PlatformAuthorization> byPlatform = new LinkedHashMap<>();
        authorizations.forEach(a -> byPlatform.put(a.platform(), a));
        this.authorizations = Map.copyOf(byPlatform);
        this.store = store;
        this.cipher = cipher;
        this.transactions = transactions;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Where to send the seller to consent, with a {@code state} naming them (single use, 10
     * minutes), and the {@code binding} nonce the starting browser keeps (a cookie) to prove at
     * the callback that it is the browser that started.
     */
    public record Consent(URI url, String state, Instant expiresAt, String binding) {
    }

    /**
     * What a callback shows of who is finishing the consent: the browser's binding nonce (the
     * cookie {@link #connect} had set), and/or the signed-in user (an app finishing with its
     * access token). A signed-in user must be the one who started; otherwise the binding must
     * match. Without either, nothing is connected: the state alone travels in a link anybody
     * can be sent (login CSRF, finding 9.8).
     */
    public record CallbackProof(Optional<String> browserBinding, Optional<UserId> signedIn) {
        public static CallbackProof browser(String binding) {
            return new CallbackProof(Optional.of(binding), Optional.empty());
        }

        public static CallbackProof signedIn(UserId user) {
            return new CallbackProof(Optional.empty(), Optional.of(user));
        }

        boolean proves(ConsentRequest consent) {
            if (signedIn.isPresent()) return signedIn.get().equals(consent.owner());
            return browserBinding.isPresent() && consent.bindingHash().isPresent()
                    && MessageDigest.isEqual(hash(browserBinding.get()).getBytes(StandardCharsets.US_ASCII),
                    consent.bindingHash().get().getBytes(StandardCharsets.US_ASCII));
        }
    }

    /**
     * What a client may see of a connection: never a token. {@code salesCheckedUntil} and
     * {@code salesProblem}: how far the platform's sales have been read, and why the last read failed.
     */
    public record Account(Platform platform, CredentialStatus status, Optional<String> account, List<String> scopes,
                          Optional<Instant> expiresAt, Map<String, String> settings, Optional<String> problem,
                          Optional<Instant> salesCheckedUntil, Optional<String> salesProblem) {
        static Account of(PlatformCredential c) {
            return new Account(c.platform(), c.status(), c.account(), c.scopes(),
                    c.refreshExpiresAt().or(c::accessExpiresAt), c.settings(), c.problem(), Optional.empty(), Optional.empty());
        }

        static Account none(Platform platform) {
            return new Account(platform, CredentialStatus.NOT_CONNECTED, Optional.empty(), List.of(), Optional.empty(), Map.of(),
                    Optional.empty(), Optional.empty(), Optional.empty());
        }

        Account withSales(Optional<SaleCheck> check) {
            if (check.isEmpty()) return this;
            return new Account(platform, status, account, scopes, expiresAt, settings, problem,
                    Optional.of(check.get().checkedUntil()), check.get().problem());
        }
    }

    public Consent connect(UserId owner, Platform platform) {
        PlatformAuthorization auth = authorization(platform);
        String state = randomToken();
        String binding = randomToken();
        Instant now = now();
        Instant expires = now.plus(CONSENT_LIFETIME);
        transactions.inTransaction(() -> {
            store.saveConsent(new ConsentRequest(hash(state), owner, platform, expires, Optional.of(hash(binding))),
                    MAX_PENDING_CONSENTS, now);
            return null;
        });
        return new Consent(auth.consentUrl(state), state, expires, binding);
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The platform sent the seller back: the state says who, the proof that this is the browser
     * (or the signed-in app) that started, and the code becomes tokens. The state is spent
     * whatever happens next.
     */
    public Account callback(Platform platform, String state, Optional<String> code, Optional<String> platformError,
                            CallbackProof proof) {
        PlatformAuthorization auth = authorization(platform);
        if (state == null || state.isBlank()) throw invalid("state", "is required");
        ConsentRequest consent = transactions.inTransaction(() -> store.takeConsent(hash(state), now()))
                .filter(c -> c.platform() == platform)
                .orElseThrow(() -> new UseCaseException(Kind.INVALID, "consent-expired", "Sign-in link not valid",
                        "this sign-in link expired or was already used; start connecting " + name(platform) + " again")
                        .withErrors(List.of(new FieldError("state", "is unknown, used or expired"))));
        if (!proof.proves(consent)) {
            // Not the browser or app that started: whoever's account the platform just signed in
            // must not end up on the Llatria account that made the link.
            throw new UseCaseException(Kind.INVALID, "consent-elsewhere", "Connection started elsewhere",
                    "this " + name(platform) + " connection was started in another browser or app, so nothing was connected. "
                            + "If you started it, connect " + name(platform) + " again from Llatria in this browser; if you did not, "
                            + "someone may have sent you their link to get your " + name(platform) + " account")
                    .withErrors(List.of(new FieldError("state", "was not started in this browser or by this signed-in user")));
        }
        if (platformError.isPresent()) {
            throw new UseCaseException(Kind.UNPROCESSABLE, "consent-declined", "Connection not allowed",
                    name(platform) + " did not grant access (" + platformError.get() + "); nothing was connected");
        }
        if (code.isEmpty() || code.get().isBlank()) throw invalid("code", "is required");
        GrantResult result = auth.exchange(code.get());
        if (result instanceof GrantResult.Unavailable u) {
            throw new UseCaseException(Kind.UNAVAILABLE, "platform-unavailable", name(platform) + " unavailable",
                    u.message() + "; start connecting again in a moment").withRetryAfter(Duration.ofSeconds(30));
        }
        if (result instanceof GrantResult.Refused r) {
            throw new UseCaseException(Kind.UNPROCESSABLE, "consent-refused", "Connection refused", r.message());
        }
        TokenGrant grant = ((GrantResult.Granted) result).grant();
        Instant now = now();
        return transactions.inTransaction(() -> {
            PlatformCredential base = store.lock(consent.owner(), platform)
                    .orElseGet(() -> PlatformCredential.settingsOnly(consent.owner(), platform, Map.of(), now));
            PlatformCredential connected = base.connected(grant.account(), grant.scopes(),
                    seal(consent.owner(), platform, "access", grant.accessToken()), now.plus(grant.accessLifetime()),
                    grant.refreshToken().map(t -> seal(consent.owner(), platform, "refresh", t)),
                    grant.refreshLifetime().map(now::plus), now);
            store.save(connected);
            // From now on its sales are read; a reconnection goes on from where the last check stopped.
            if (salesWatched.contains(platform)) saleChecks.watch(consent.owner(), platform, now);
            return Account.of(connected).withSales(sales(consent.owner(), platform));
        });
    }

    /** Every platform we can post to through an account, connected or not. */
    public List<Account> list(UserId owner) {
        Map<Platform, Account> out = new LinkedHashMap<>();
        for (Platform p : List.of(Platform.EBAY, Platform.FACEBOOK)) out.put(p, Account.none(p));
        store.list(owner).forEach(c -> out.put(c.platform(), Account.of(c).withSales(sales(owner, c.platform()))));
        return new ArrayList<>(out.values());
    }

    private Optional<SaleCheck> sales(UserId owner, Platform platform) {
        return !salesWatched.contains(platform) ? Optional.empty() : saleChecks.find(owner, platform);
    }

    /**
     * Merges these into the platform's settings (as a JSON merge patch: a name with a value sets
     * it, a name with {@code null} deletes it, names left out stay as they are); only the names
     * the platform uses are accepted. So a client changing one setting cannot erase the others.
     */
    public Account saveSettings(UserId owner, Platform platform, Map<String, String> settings) {
        Set<String> known = SETTINGS.get(platform);
        if (known == null) throw notAPlatform(platform);
        List<FieldError> errors = new ArrayList<>();
        settings.forEach((name, value) -> {
            if (!known.contains(name)) errors.add(new FieldError("settings." + name, "is not a " + platform.wireName()
                    + " setting (known: " + String.join(", ", known.stream().sorted().toList()) + ")"));
            else if (value == null) {
                // deletes it
            } else if (value.isBlank() || value.length() > SETTING_MAX) {
                errors.add(new FieldError("settings." + name, "must be 1-" + SETTING_MAX + " characters, or null to delete it"));
            } else if (name.equals(STOREFRONT_URL) && !storefront(value)) {
                errors.add(new FieldError("settings." + name, "must be the https address of your shop, e.g. "
                        + "https://shop.example.com/items/{sku} ({sku} becomes the item's SKU)"));
            }
        });
        if (!errors.isEmpty()) throw new UseCaseException(Kind.INVALID, "validation", "Invalid request",
                errors.get(0).field() + " " + errors.get(0).reason()).withErrors(errors);
        Instant now = now();
        return transactions.inTransaction(() -> {
            Optional<PlatformCredential> stored = store.lock(owner, platform);
            Map<String, String> merged = new java.util.TreeMap<>(stored.map(PlatformCredential::settings).orElse(Map.of()));
            settings.forEach((name, value) -> {
                if (value == null) merged.remove(name);
                else merged.put(name, value);
            });
            PlatformCredential saved = stored.map(c -> c.withSettings(merged, now))
                    .orElseGet(() -> PlatformCredential.settingsOnly(owner, platform, merged, now));
            store.save(saved);
            return Account.of(saved);
        });
    }

    /** Deletes the tokens; the settings stay for a later connection. */
    public Account disconnect(UserId owner, Platform platform) {
        if (!SETTINGS.containsKey(platform)) throw notAPlatform(platform);
        return transactions.inTransaction(() -> {
            Optional<PlatformCredential> existing = store.lock(owner, platform);
            if (existing.isEmpty()) return Account.none(platform);
            PlatformCredential gone = existing.get().disconnected(now());
            store.save(gone);
            return Account.of(gone);
        });
    }

    private static boolean storefront(String value) {
        try {
            URI uri = URI.create(value.replace("{sku}", "sku"));
            return "https".equals(uri.getScheme()) && uri.getHost() != null && !uri.getHost().isBlank();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public boolean connected(UserId owner, Platform platform) {
        return store.find(owner, platform).map(c -> c.status() == CredentialStatus.CONNECTED).orElse(false);
    }

    public Map<String, String> settings(UserId owner, Platform platform) {
        return store.find(owner, platform).map(PlatformCredential::settings).orElse(Map.of());
    }

    /** Access for a job, or why there is none (as the posting's failure). */
    public sealed interface Access {
        record Ready(PlatformAccess access) implements Access {
        }

        record Unusable(Failure kind, String message) implements Access {
        }
    }

    /**
     * A working access token: refreshed first when it expires within {@link #REFRESH_MARGIN} or
     * when {@code refusedToken} is the one a platform just refused.
     */
    public Access access(UserId owner, Platform platform, Optional<String> refusedToken) {
        try {
            return accessOrThrow(owner, platform, refusedToken);
        } catch (UnreadableSecret e) {
            // Sealed under a key this server no longer has: only a new connection helps.
            return transactions.inTransaction(() -> store.lock(owner, platform)
                    .map(c -> reconnect(c, "the stored connection cannot be opened with this server's key"))
                    .orElseGet(() -> new Access.Unusable(Failure.PERMANENT, "connect your " + name(platform) + " account first")));
        }
    }

    /** A stored token that does not open (key rotated away, value altered). */
    private static final class UnreadableSecret extends RuntimeException {
        UnreadableSecret(Throwable cause) {
            super("a stored token does not open", cause, false, false);
        }
    }

    private Access accessOrThrow(UserId owner, Platform platform, Optional<String> refusedToken) {
        PlatformCredential current = store.find(owner, platform).orElse(null);
        Optional<Access> usable = usable(current, platform);
        if (usable.isPresent()) return usable.get();
        String token = open(current, "access", current.accessToken().get());
        boolean fresh = current.accessExpiresAt().map(at -> at.isAfter(now().plus(REFRESH_MARGIN))).orElse(true);
        if (fresh && (refusedToken.isEmpty() || !refusedToken.get().equals(token))) {
            return new Access.Ready(new PlatformAccess(token, current.settings()));
        }
        return refresh(owner, platform, refusedToken);
    }

    /**
     * One refresh at a time per account on this server: the others wait here, holding no
     * database connection. No transaction is open while the platform answers (a slow platform
     * must not hold the pool or a row lock); the answer is stored only if the account did not
     * change meanwhile (another server refreshed it, the seller reconnected or disconnected).
     */
    private Access refresh(UserId owner, Platform platform, Optional<String> refusedToken) {
        Object gate = refreshing.computeIfAbsent(owner.value() + "/" + platform.wireName(), k -> new Object());
        synchronized (gate) {
            PlatformCredential current = store.find(owner, platform).orElse(null);
            Optional<Access> usable = usable(current, platform);
            if (usable.isPresent()) return usable.get();
            String token = open(current, "access", current.accessToken().get());
            boolean fresh = current.accessExpiresAt().map(at -> at.isAfter(now().plus(REFRESH_MARGIN))).orElse(true);
            if (fresh && (refusedToken.isEmpty() || !refusedToken.get().equals(token))) {
                return new Access.Ready(new PlatformAccess(token, current.settings())); // someone refreshed meanwhile
            }
            if (current.refreshToken().isEmpty()) {
                return transactions.inTransaction(() -> store.lock(owner, platform).map(c -> reconnect(c, name(platform)
                                + " gave no way to renew this connection; connect " + name(platform) + " again"))
                        .orElseGet(() -> new Access.Unusable(Failure.PERMANENT, "connect your " + name(platform) + " account first")));
            }
            SealedSecret used = current.refreshToken().get();
            GrantResult result = authorization(platform).refresh(open(current, "refresh", used), current.scopes());
            if (result instanceof GrantResult.Unavailable u) {
                return new Access.Unusable(Failure.TRANSIENT, "could not renew the " + name(platform) + " connection (" + u.message()
                        + "); trying again later");
            }
            return transactions.inTransaction(() -> {
                PlatformCredential locked = store.lock(owner, platform).orElse(null);
                boolean unchanged = locked != null && locked.status() == CredentialStatus.CONNECTED
                        && locked.refreshToken().equals(Optional.of(used));
                if (!unchanged) {
                    // Changed meanwhile: what is stored now stands.
                    Optional<Access> now = usable(locked, platform);
                    return now.orElseGet(() -> new Access.Ready(new PlatformAccess(open(locked, "access", locked.accessToken().get()),
                            locked.settings())));
                }
                if (result instanceof GrantResult.Refused r) return reconnect(locked, r.message());
                TokenGrant grant = ((GrantResult.Granted) result).grant();
                Instant at = now();
                PlatformCredential refreshed = locked.refreshed(seal(owner, platform, "access", grant.accessToken()),
                        at.plus(grant.accessLifetime()), grant.refreshToken().map(t -> seal(owner, platform, "refresh", t)),
                        grant.refreshLifetime().map(at::plus), at);
                store.save(refreshed);
                return new Access.Ready(new PlatformAccess(grant.accessToken(), refreshed.settings()));
            });
        }
    }

    private Access reconnect(PlatformCredential credential, String why) {
        String platformName = name(credential.platform());
        LOG.info(() -> "a " + credential.platform().wireName() + " connection needs reconnecting: " + why);
        store.save(credential.needsReconnection(why, now()));
        return new Access.Unusable(Failure.RECONNECT, platformName + " needs you to connect again (" + why + ")");
    }

    private Optional<Access> usable(PlatformCredential c, Platform platform) {
        if (c == null || c.status() == CredentialStatus.NOT_CONNECTED || c.accessToken().isEmpty()) {
            return Optional.of(new Access.Unusable(Failure.PERMANENT, "connect your " + name(platform) + " account first"));
        }
        if (c.status() == CredentialStatus.NEEDS_RECONNECTION) {
            return Optional.of(new Access.Unusable(Failure.RECONNECT, name(platform) + " needs you to connect again"
                    + c.problem().map(p -> " (" + p + ")").orElse("")));
        }
        return Optional.empty();
    }

    /** Marks the account as needing a new connection (a platform said the token is gone for good). */
    public void markNeedsReconnection(UserId owner, Platform platform, String why) {
        transactions.inTransaction(() -> {
            store.lock(owner, platform).filter(c -> c.status() == CredentialStatus.CONNECTED)
                    .ifPresent(c -> store.save(c.needsReconnection(why, now())));
            return null;
        });
    }

    private SealedSecret seal(UserId owner, Platform platform, String which, String token) {
        return cipher.seal(token, context(owner, platform, which));
    }

    private String open(PlatformCredential c, String which, SealedSecret sealed) {
        try {
            return cipher.open(sealed, context(c.owner(), c.platform(), which));
        } catch (IllegalStateException e) {
            throw new UnreadableSecret(e);
        }
    }

    private static String context(UserId owner, Platform platform, String which) {
        return "llatria/platform-credential/" + owner.value() + "/" + platform.wireName() + "/" + which;
    }

    private PlatformAuthorization authorization(Platform platform) {
        PlatformAuthorization auth = authorizations.get(platform);
        if (auth == null) {
            if (!SETTINGS.containsKey(platform)) throw notAPlatform(platform);
            throw new UseCaseException(Kind.UNAVAILABLE, "platform-not-configured", name(platform) + " not set up",
                    "this server has no " + name(platform) + " app keys ("
                            + (platform == Platform.EBAY ? "EBAY_APP_ID, EBAY_CERT_ID, EBAY_RU_NAME" : "FACEBOOK_APP_ID, FACEBOOK_APP_SECRET")
                            + "), so it cannot connect to " + name(platform));
        }
        return auth;
    }

    static UseCaseException notAPlatform(Platform platform) {
        return new UseCaseException(Kind.NOT_FOUND, "not-found", "Not found",
                platform.wireName() + " has no account to connect");
    }

    private static UseCaseException invalid(String field, String reason) {
        return new UseCaseException(Kind.INVALID, "validation", "Invalid request", field + " " + reason)
                .withErrors(List.of(new FieldError(field, reason)));
    }

    static String name(Platform platform) {
        return switch (platform) {
            case EBAY -> "eBay";
            case FACEBOOK -> "Facebook";
            case WEBSITE -> "your website";
        };
    }

    static String hash(String state) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
