package com.llatria.domain.port;

import com.llatria.domain.user.RefreshToken;
import com.llatria.domain.user.RefreshTokenId;
import com.llatria.domain.user.TokenFamilyId;
import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.Optional;

/** Refresh tokens, kept only as hashes. */
public interface RefreshTokenStore {
    void save(RefreshToken token);

    Optional<RefreshToken> findByHash(String tokenHash);

    /**
     * Marks the token used, once: true for the one caller that did it, false when it was already
     * used or revoked (a second presentation of the same token, even at the same moment).
     */
    boolean markUsed(RefreshTokenId token, Instant at);

    void revokeFamily(TokenFamilyId family, Instant at);

    void revokeAll(UserId user, Instant at);
}
