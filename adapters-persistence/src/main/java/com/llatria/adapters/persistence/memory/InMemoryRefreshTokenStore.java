package com.llatria.adapters.persistence.memory;

import com.llatria.domain.port.RefreshTokenStore;
import com.llatria.domain.user.RefreshToken;
import com.llatria.domain.user.RefreshTokenId;
import com.llatria.domain.user.TokenFamilyId;
import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

public final class InMemoryRefreshTokenStore implements RefreshTokenStore {
    private final InMemoryStore store;

    public InMemoryRefreshTokenStore(InMemoryStore store) {
        this.store = store;
    }

    @Override
    public void save(RefreshToken token) {
        store.locked(() -> {
            if (store.refreshTokens.values().stream().anyMatch(t -> t.tokenHash().equals(token.tokenHash()))) {
                throw new IllegalStateException("duplicate token hash");
            }
            store.refreshTokens.put(token.id(), token);
        });
    }

    @Override
    public Optional<RefreshToken> findByHash(String tokenHash) {
        return store.locked(() -> store.refreshTokens.values().stream().filter(t -> t.tokenHash().equals(tokenHash)).findFirst());
    }

    @Override
    public boolean markUsed(RefreshTokenId tokenId, Instant at) {
        return store.locked(() -> {
            RefreshToken t = store.refreshTokens.get(tokenId);
            if (t == null || t.usedAt().isPresent() || t.revokedAt().isPresent()) return false;
            store.refreshTokens.put(tokenId, t.used(at));
            return true;
        });
    }

    @Override
    public void revokeFamily(TokenFamilyId family, Instant at) {
        revokeWhere(t -> t.familyId().equals(family), at);
    }

    @Override
    public void revokeAll(UserId user, Instant at) {
        revokeWhere(t -> t.userId().equals(user), at);
    }

    private void revokeWhere(Predicate<RefreshToken> which, Instant at) {
        store.locked(() -> store.refreshTokens.replaceAll((id, t) -> which.test(t) ? t.revoked(at) : t));
    }
}
