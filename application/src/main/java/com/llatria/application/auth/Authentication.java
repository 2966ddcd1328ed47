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
import com.llatria.domain.user.User;
import com.llatria.domain.user.UserId;

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
import java.util.Optional;
import java.util.UUID;

/**
 * Accounts and sessions. Refresh tokens are opaque random strings stored only as SHA-256
 * hashes; each use rotates the token; the tokens descending from one login form a family with
 * one absolute expiry, and presenting a token that was already used revokes the whole family
 * (RFC 9700 §4.14: a stolen token and its rightful owner cannot both keep going).
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
    private final SecureRandom random = new SecureRandom();
    private volatile String unknownUserHash;

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
        Validation v = new Validation();
        v.add("email", Email.problem(email));
        v.add("password", Password.problem(password));
        v.throwIfInvalid();
        User user = new User(ids.next(UserId::new), new Email(email), hasher.hash(password), now());
        return transactions.inTransaction(() -> {
            if (!users.insert(user)) throw new EmailTaken();
            return startFamily(user);
        });
    }

    public Session login(String email, String password) {
        if (Email.problem(email).isPresent() || password == null || password.isEmpty()) {
            throw new InvalidCredentials();
        }
        Optional<User> user = users.findByEmail(new Email(email));
        // An unknown email still costs one bcrypt comparison, so timing does not reveal which emails exist.
        String hash = user.map(User::passwordHash).orElseGet(this::unknownUserHash);
        boolean matches = hasher.matches(password, hash);
        if (user.isEmpty() || !matches) throw new InvalidCredentials();
        return transactions.inTransaction(() -> startFamily(user.get()));
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
            if (token.usedAt().isPresent() || !tokens.markUsed(token.id(), now)) {
                tokens.revokeFamily(token.familyId(), now);
                return new RefreshOutcome.Refused("this refresh token was already used; the session has been ended for safety");
            }
            User user = users.find(token.userId()).orElseThrow();
            return new RefreshOutcome.Rotated(issue(user, token.familyId(), token.familyExpiresAt()));
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

    /** Changes the password and ends every session of the user; returns a fresh one for the caller. */
    public Session changePassword(UserId userId, String currentPassword, String newPassword) {
        Validation v = new Validation();
        v.check(currentPassword != null && !currentPassword.isEmpty(), "currentPassword", "is required");
        v.add("newPassword", Password.problem(newPassword));
        v.throwIfInvalid();
        User user = me(userId);
        if (!hasher.matches(currentPassword, user.passwordHash())) {
            throw InvalidInput.of("currentPassword", "is incorrect");
        }
        User updated = user.withPasswordHash(hasher.hash(newPassword));
        return transactions.inTransaction(() -> {
            users.update(updated);
            tokens.revokeAll(userId, now());
            return startFamily(updated);
        });
    }

    public User me(UserId userId) {
        return users.find(userId).orElseThrow(() -> new InvalidRefreshToken("this account no longer exists"));
    }

    private Session startFamily(User user) {
        return issue(user, ids.next(java.util.function.Function.identity()), now().plus(refreshLifetime));
    }

    private Session issue(User user, UUID familyId, Instant familyExpiresAt) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String raw = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        tokens.save(new RefreshToken(ids.next(java.util.function.Function.identity()), user.id(), familyId, hash(raw), now(), familyExpiresAt,
                Optional.empty(), Optional.empty()));
        return new Session(user, raw, familyExpiresAt);
    }

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
