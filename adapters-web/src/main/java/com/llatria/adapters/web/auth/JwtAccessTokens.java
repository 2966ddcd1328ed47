package com.llatria.adapters.web.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.llatria.domain.user.UserId;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Short-lived access tokens: HS256 JWTs whose subject is the user id. Verification pins the
 * algorithm, issuer and audience, so "alg: none", tokens signed with another key and tokens
 * meant for another service are all refused.
 */
public final class JwtAccessTokens {
    public static final String ISSUER = "llatria";
    public static final String AUDIENCE = "llatria-api";
    /** HS256 wants a key at least as long as its hash. */
    public static final int MIN_SECRET_BYTES = 32;

    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final Duration lifetime;
    private final Clock clock;

    public JwtAccessTokens(String secret, Duration lifetime, Clock clock) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("JWT_SECRET must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.algorithm = Algorithm.HMAC256(secret);
        this.lifetime = lifetime;
        this.clock = clock;
        this.verifier = ((JWTVerifier.BaseVerification) JWT.require(algorithm).withIssuer(ISSUER).withAudience(AUDIENCE))
                .build(clock);
    }

    public record Issued(String token, Instant expiresAt, long expiresInSeconds) {
    }

    public Issued issue(UserId user) {
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        String token = JWT.create()
                .withIssuer(ISSUER)
                .withAudience(AUDIENCE)
                .withSubject(user.toString())
                .withIssuedAt(now)
                .withExpiresAt(expires)
                .sign(algorithm);
        return new Issued(token, expires, lifetime.toSeconds());
    }

    /** The user the token was issued to, if it is genuine, ours and not expired. */
    public Optional<UserId> verify(String token) {
        try {
            return Optional.of(UserId.of(verifier.verify(token).getSubject()));
        } catch (JWTVerificationException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
