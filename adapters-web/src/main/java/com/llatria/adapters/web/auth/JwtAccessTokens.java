package com.llatria.adapters.web.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.llatria.domain.user.UserId;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * Short-lived access tokens: HS256 JWTs whose subject is the user id. Verification pins the
 * algorithm, issuer and audience, so "alg: none", tokens signed with another key and tokens
 * meant for another service are all refused.
 *
 * <p>Tokens are made by java-jwt; they are checked here, because the check runs on every request
 * and java-jwt's costs a {@code Mac} lookup and two JSON documents decoded into maps. The check is
 * stricter, not looser: the header must be exactly the one we issue (so the algorithm is pinned
 * before anything else is read), the signature is compared in constant time, and an expiry is
 * required.
 */
public final class JwtAccessTokens {
    public static final String ISSUER = "llatria";
    public static final String AUDIENCE = "llatria-api";
    /** The claim holding the account's session epoch the token was issued in (absent: 0, tokens made before it existed). */
    public static final String EPOCH = "epoch";
    /** HS256 wants a key at least as long as its hash. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Algorithm algorithm;
    private final Duration lifetime;
    private final Clock clock;
    /** The first part of every token we issue ({"alg":"HS256","typ":"JWT"}, base64url), learned from java-jwt. */
    private final String header;
    /** A Mac per thread, cloned from one keyed at start: Mac instances are not thread-safe, and looking one up is slow. */
    private final ThreadLocal<Mac> macs;

    public JwtAccessTokens(String secret, Duration lifetime, Clock clock) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("JWT_SECRET must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.algorithm = Algorithm.HMAC256(secret);
        this.lifetime = lifetime;
        this.clock = clock;
        String sample = JWT.create().withIssuer(ISSUER).sign(algorithm);
        this.header = sample.substring(0, sample.indexOf('.'));
        Mac prototype;
        try {
            prototype = Mac.getInstance("HmacSHA256");
            prototype.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
        Mac keyed = prototype;
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                return (Mac) keyed.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    public record Issued(String token, Instant expiresAt, long expiresInSeconds) {
    }

    /** A token for the user's session epoch {@code epoch} (see {@code User.sessionEpoch}). */
    public Issued issue(UserId user, long epoch) {
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        String token = JWT.create()
                .withIssuer(ISSUER)
                .withAudience(AUDIENCE)
                .withSubject(user.toString())
                .withClaim(EPOCH, epoch)
                .withIssuedAt(now)
                .withExpiresAt(expires)
                .sign(algorithm);
        return new Issued(token, expires, lifetime.toSeconds());
    }

    /** The user the token was issued to, if it is genuine, ours and not expired. */
    public Optional<UserId> verify(String token) {
        return check(token).map(Verified::user);
    }

    /**
     * A genuine token's user, the instant it stops being accepted ({@code verify} takes it up
     * to the last second of its {@code exp}), for connections that outlive a request, and the
     * session epoch it was issued in (the account must still be in it: a password change ends it).
     */
    public record Verified(UserId user, Instant expiresAt, long epoch) {
    }

    /** As {@link #verify}, with the instant the token expires. */
    public Optional<Verified> check(String token) {
        try {
            int dot = token.indexOf('.');
            int last = token.lastIndexOf('.');
            if (dot != header.length() || !token.startsWith(header) || last == dot) return Optional.empty();
            byte[] signed = token.substring(0, last).getBytes(StandardCharsets.US_ASCII);
            byte[] signature = Base64.getUrlDecoder().decode(token.substring(last + 1));
            if (!MessageDigest.isEqual(macs.get().doFinal(signed), signature)) return Optional.empty();
            return claims(JSON.readTree(Base64.getUrlDecoder().decode(token.substring(dot + 1, last))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Issuer and audience ours, expiry required and not passed, not-before and issued-at not in the future. */
    private Optional<Verified> claims(JsonNode claims) {
        long now = clock.instant().getEpochSecond();
        JsonNode aud = claims.path("aud");
        boolean forUs = aud.isArray()
                ? StreamSupport.stream(aud.spliterator(), false).anyMatch(a -> AUDIENCE.equals(a.textValue()))
                : AUDIENCE.equals(aud.textValue());
        JsonNode exp = claims.path("exp");
        JsonNode epoch = claims.path(EPOCH);
        boolean epochValid = epoch.isMissingNode() || epoch.canConvertToLong() && epoch.isIntegralNumber() && epoch.longValue() >= 0;
        boolean valid = ISSUER.equals(claims.path("iss").textValue()) && forUs
                && exp.isIntegralNumber() && now <= exp.longValue()
                && notAfter(claims.path("nbf"), now) && notAfter(claims.path("iat"), now)
                && claims.path("sub").isTextual() && epochValid;
        return valid ? Optional.of(new Verified(UserId.of(claims.get("sub").textValue()), Instant.ofEpochSecond(exp.longValue() + 1),
                epoch.isMissingNode() ? 0 : epoch.longValue()))
                : Optional.empty();
    }

    private static boolean notAfter(JsonNode claim, long now) {
        return claim.isMissingNode() || claim.isIntegralNumber() && claim.longValue() <= now;
    }
}
