package com.llatria.domain.user;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored refresh token. Only its hash is kept. Tokens rotated from one login form a family
 * that shares one absolute expiry; reusing a rotated token revokes the whole family.
 */
public record RefreshToken(
        RefreshTokenId id,
        UserId userId,
        TokenFamilyId familyId,
        String tokenHash,
        Instant issuedAt,
        Instant familyExpiresAt,
        Optional<Instant> usedAt,
        Optional<Instant> revokedAt) {

    public RefreshToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(familyId, "familyId");
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(familyExpiresAt, "familyExpiresAt");
        Objects.requireNonNull(usedAt, "usedAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(familyExpiresAt);
    }

    public RefreshToken used(Instant at) {
        return new RefreshToken(id, userId, familyId, tokenHash, issuedAt, familyExpiresAt, Optional.of(at), revokedAt);
    }

    public RefreshToken revoked(Instant at) {
        return revokedAt.isPresent() ? this
                : new RefreshToken(id, userId, familyId, tokenHash, issuedAt, familyExpiresAt, usedAt, Optional.of(at));
    }
}
