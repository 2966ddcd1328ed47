package com.llatria.domain.user;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A stored refresh token. Only its hash is kept. Tokens rotated from one login form a family
 * that shares one absolute expiry; reusing a rotated token revokes the whole family.
 */
public record RefreshToken(
        UUID id,
        UserId userId,
        UUID familyId,
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
}
