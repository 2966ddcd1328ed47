package com.llatria.application.auth;

import com.llatria.application.InvalidInput;
import com.llatria.application.Validation;
import com.llatria.domain.port.IdGenerator;
import com.llatria.domain.port.PasswordHasher;
import com.llatria.domain.port.RefreshTokenStore;
import com.llatria.domain.port.Transactions;
import com.llatria.domain.port.UserRepository;
import com.llatria.domain.user.Email;
import com.llatria.domain.user.Password;
import com.llatria.domain.user.RefreshToken;
import com.llatria.domain.user.RefreshTokenId;
import com.llatria.domain.user.SessionsEnded;
import com.llatria.domain.user.TokenFamilyId;
import com.llatria.domain.user.User;
import com.llatria.domain.user.UserId;
import com.llatria.domain.user.UserName;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Accounts and sessions. Refresh tokens are opaque random strings stored only as SHA-256
 * hashes; each use rotates the token; the tokens descending from one login form a family with
 * one absolute expiry, and presenting a token that was already used revokes the whole family
 * (RFC 9700 §4.14: a stolen token and its rightful owner cannot both keep going).
 *
 * <p>A deactivated account keeps its data but cannot sign in, refresh, or use the access tokens
 * it still holds ({@link #isCurrent}).
 */
public final class Authentication {
    public static final Duration DEFAULT_REFRESH_LIFETIME = Duration.ofDays(7);

    private final UserRepository users;
    private final RefreshTokenStore tokens;
    private final PasswordHasher hasher;
    private final Transactions transactions;
    private final IdGenerator ids;
    private final Clock clock;
    private final Duration refreshLifetime;
    private final ActiveUsers activeUsers = new ActiveUsers();
    private final SecureRandom random = new SecureRandom();
    private volatile String unknownUserHash;
    private final List<java.util.function.Consumer<UserId>> deactivationHooks = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Authentication(UserRepository users, RefreshTokenStore tokens, PasswordHasher hasher, Transactions transactions,
                          IdGenerator ids, Clock clock, Duration refreshLifetime) {
        this.users = users;
        this.tokens = tokens;
        this.hasher = hasher;
        this.transactions = transactions;
        this.ids = ids;
        this.clock = clock;
        this.refreshLifetime = refreshLifetime;
    }

    public Session register(String email, String password) {
        return register(email, password, null);
    }

    /** A new account, signed in. {@code name} may be null: the account then has none. */
    public Session register(String email, String password, String name) {
        Validation v = new Validation();
        v.add("email", Email.problem(email));
        v.add("password", Password.problem(password));
        if (name != null) v.add("name", UserName.problem(name));
        v.throwIfInvalid();
        User user = new User(ids.next(UserId::new), new Email(email), Optional.ofNullable(name).map(UserName::new),
                hasher.hash(password), now());
        return transactions.inTransaction(() -> {
            if (!users.insert(user)) throw new EmailTaken();
            return startFamily(user);
        });
    }

    /**
     * Every failure is the same {@link InvalidCredentials}, after the same work: one password
     * comparison, also for an unknown email, a password no account can have (over 72 bytes) and
     * a deactivated account, so neither the answer nor its timing tells them apart.
     */
    public Session login(String email, String password) {
        if (Email.problem(email).isPresent() || password == null || password.isEmpty()) {
            throw new InvalidCredentials();
        }
        Optional<User> user = users.findByEmail(new Email(email));
        String hash = user.map(User::passwordHash).orElseGet(this::unknownUserHash);
        boolean matches = hasher.matches(password, hash);
        if (user.isEmpty() || !matches || !user.get().active()) throw new InvalidCredentials();
        return transactions.inTransaction(() -> {
            // Locked, so that recording the sign-in cannot undo a rename or deactivation racing it.
            User current = users.lock(user.get().id()).filter(User::active).orElseThrow(InvalidCredentials::new);
            // The password changed since it was checked: the old one must not start a session after the change.
            if (!current.passwordHash().equals(user.get().passwordHash())) throw new InvalidCredentials();
            User signedIn = current.loggedIn(now());
            users.update(signedIn);
            return startFamily(signedIn);
        });
    }

    /** Exchanges a refresh token for a new one (and the user, for a new access token). */
    public Session refresh(String rawToken) {
        if (rawToken == null || rawToken.isBlank()) throw new InvalidRefreshToken("a refresh token is required");
        Instant now = now();
        RefreshOutcome outcome = transactions.inTransaction(() -> {
            Optional<RefreshToken> found = tokens.findByHash(hash(rawToken));
            if (found.isEmpty()) return new RefreshOutcome.Refused("unknown refresh token");
            RefreshToken token = found.get();
            if (token.revokedAt().isPresent()) return new RefreshOutcome.Refused("this session has ended");
            if (token.expiredAt(now)) return new RefreshOutcome.Refused("this session has expired; sign in again");
            // The user first, then its tokens, as every write path here does: a deactivation or password
            // change either finishes before (and this sees it) or waits and then revokes what this issues.
            Optional<User> user = users.lock(token.userId()).filter(User::active);
            if (user.isEmpty()) {
                tokens.revokeFamily(token.familyId(), now);
                return new RefreshOutcome.Refused("this account no longer exists or has been deactivated");
            }
            if (token.usedAt().isPresent() || !tokens.markUsed(token.id(), now)) {
                tokens.revokeFamily(token.familyId(), now);
                return new RefreshOutcome.Refused("this refresh token was already used; the session has been ended for safety");
            }
            return new RefreshOutcome.Rotated(issue(user.get(), token.familyId(), token.familyExpiresAt()));
        });
        if (outcome instanceof RefreshOutcome.Refused refused) throw new InvalidRefreshToken(refused.reason());
        return ((RefreshOutcome.Rotated) outcome).session();
    }

    /** The revocation above must commit, so refusals come out of the transaction as values. */
    private sealed interface RefreshOutcome {
        record Rotated(Session session) implements RefreshOutcome {
        }

        record Refused(String reason) implements RefreshOutcome {
        }
    }

    /** Ends the session the token belongs to. Unknown or already ended tokens are fine: the result is the same. */
    public void logout(String rawToken) {
        if (rawToken == null || rawToken.isBlank()) return;
        tokens.findByHash(hash(rawToken)).ifPresent(token -> tokens.revokeFamily(token.familyId(), now()));
    }

    /**
     * Changes the password and ends every session of the user: refresh tokens are revoked, and
     * access tokens of the earlier epoch are refused ({@link #isCurrent}). Returns a fresh session,
     * of the new epoch, for the caller.
     */
    public Session changePassword(UserId userId, String currentPassword, String newPassword) {
        Validation v = new Validation();
        v.check(currentPassword != null && !currentPassword.isEmpty(), "currentPassword", "is required");
        v.check(currentPassword == null || fitsHasher(currentPassword), "currentPassword",
                "is incorrect: no password is longer than " + Password.MAX_BYTES + " bytes");
        v.add("newPassword", Password.problem(newPassword));
        v.throwIfInvalid();
        User user = me(userId);
        if (!hasher.matches(currentPassword, user.passwordHash())) {
            throw InvalidInput.of("currentPassword", "is incorrect");
        }
        String newHash = hasher.hash(newPassword);
        Session session = transactions.inTransaction(() -> {
            User current = users.lock(userId).filter(User::active).orElseThrow(NotSignedIn::new);
            // Changed since we checked it (another password change won the race): what was checked no longer holds.
            if (!current.passwordHash().equals(user.passwordHash())) throw InvalidInput.of("currentPassword", "is incorrect");
            // The next session epoch: every access token of an earlier one is refused from now on.
            User updated = current.withPasswordHash(newHash, now());
            users.update(updated);
            tokens.revokeAll(userId, now());
            return startFamily(updated);
        });
        // Committed: this instance refuses the old access tokens before the answer leaves; the
        // caller tells the others (SessionsEnded.Before on the event bus).
        activeUsers.raise(userId, session.user().sessionEpoch(), clock.instant());
        return session;
    }

    /** The signed-in user; {@link NotSignedIn} when the account is gone or deactivated. */
    public User me(UserId userId) {
        return users.find(userId).filter(User::active).orElseThrow(NotSignedIn::new);
    }

    /** Changes the signed-in user's profile (today: the name); asking for no change changes nothing. */
    public User updateProfile(UserId userId, ProfileChange change) {
        Validation v = new Validation();
        if (change.changesName() && change.name() != null) v.add("name", UserName.problem(change.name()));
        change.id().ifPresent(id -> v.check(id.equalsIgnoreCase(userId.toString()), "id", "is not this account's id"));
        change.email().ifPresent(email -> v.check(Email.problem(email).isEmpty()
                        && new Email(email).equals(me(userId).email()), "email",
                "cannot be changed (it is the account's sign-in name)"));
        change.active().ifPresent(active -> v.check(active, "isActive",
                "cannot be set here; deactivating an account is its own request"));
        v.throwIfInvalid();
        Optional<UserName> name = Optional.ofNullable(change.name()).map(UserName::new);
        return transactions.inTransaction(() -> {
            User current = users.lock(userId).filter(User::active).orElseThrow(NotSignedIn::new);
            if (!change.changesName() || current.name().equals(name)) return current;
            User renamed = current.renamed(name, now());
            users.update(renamed);
            return renamed;
        });
    }

    /**
     * Deactivates the signed-in user's account, confirmed with its password: every session ends,
     * access tokens stop working (see {@link #isCurrent}) and signing in is refused. The data stays.
     */
    /**
     * Runs inside the deactivation's transaction, so what the account leaves behind is settled
     * with it or not at all (the seller's marketplace listings start coming down).
     */
    public void onDeactivation(java.util.function.Consumer<UserId> hook) {
        deactivationHooks.add(hook);
    }

    public void deactivate(UserId userId, String password) {
        Validation v = new Validation();
        v.check(password != null && !password.isEmpty(), "password", "is required");
        v.throwIfInvalid();
        User user = me(userId);
        if (!hasher.matches(password, user.passwordHash())) throw InvalidInput.of("password", "is incorrect");
        transactions.inTransaction(() -> {
            // The hooks first: their item writes take the seller's write lock before the account
            // row, in the order every item write takes them (one holding the write lock may be
            // waiting for the account row's key share, for a foreign key).
            deactivationHooks.forEach(hook -> hook.accept(userId));
            User current = users.lock(userId).filter(User::active).orElseThrow(NotSignedIn::new);
            users.update(current.deactivated(now()));
            tokens.revokeAll(userId, now());
            return null;
        });
        activeUsers.deactivated(userId, clock.instant());
    }

    /**
     * Told that sessions ended, by this instance or another (the event bus carries it): their
     * tokens stop working here at once instead of when the cached view of the account runs out.
     */
    public void sessionsEnded(SessionsEnded ended) {
        if (ended instanceof SessionsEnded.Before before) activeUsers.raise(ended.user(), before.epoch(), clock.instant());
        else activeUsers.deactivated(ended.user(), clock.instant());
    }

    /** Whether the account exists and is active (see {@link #isCurrent}, which access tokens need). */
    public boolean isActive(UserId userId) {
        return activeUsers.epoch(userId, clock.instant(), this::currentEpoch).isPresent();
    }

    /**
     * Whether an access token of {@code tokenEpoch} may still be used: the account exists, is
     * active, and its password has not changed since the token's session began. Asked for every
     * signed-in request, so it is answered from a short-lived cache (see {@link ActiveUsers}).
     * Deactivations and password changes reach other instances through {@link #sessionsEnded};
     * if that message is lost (Redis down), an instance may take up to 30 seconds to notice.
     */
    public boolean isCurrent(UserId userId, long tokenEpoch) {
        OptionalLong epoch = activeUsers.epoch(userId, clock.instant(), this::currentEpoch);
        // A token of a later epoch than the database's (a database restored to before a password
        // change) is accepted and changes nothing here: the database stays the truth.
        return epoch.isPresent() && tokenEpoch >= epoch.getAsLong();
    }

    private OptionalLong currentEpoch(UserId userId) {
        return users.find(userId).filter(User::active).map(u -> OptionalLong.of(u.sessionEpoch())).orElse(OptionalLong.empty());
    }

    private Session startFamily(User user) {
        return issue(user, ids.next(TokenFamilyId::new), now().plus(refreshLifetime));
    }

    private Session issue(User user, TokenFamilyId family, Instant familyExpiresAt) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String raw = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        tokens.save(new RefreshToken(ids.next(RefreshTokenId::new), user.id(), family, hash(raw), now(), familyExpiresAt,
                Optional.empty(), Optional.empty()));
        return new Session(user, raw, familyExpiresAt);
    }

    private static boolean fitsHasher(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length <= Password.MAX_BYTES;
    }

    /** An unknown email still costs one password comparison, so timing does not reveal which emails exist. */
    private String unknownUserHash() {
        if (unknownUserHash == null) unknownUserHash = hasher.hash(UUID.randomUUID().toString());
        return unknownUserHash;
    }

    static String hash(String rawToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(rawToken.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
