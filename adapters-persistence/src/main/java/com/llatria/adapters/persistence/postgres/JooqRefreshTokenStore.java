package com.llatria.adapters.persistence.postgres;

import com.llatria.adapters.persistence.postgres.jooq.tables.records.RefreshTokensRecord;
import com.llatria.domain.port.RefreshTokenStore;
import com.llatria.domain.user.RefreshToken;
import com.llatria.domain.user.RefreshTokenId;
import com.llatria.domain.user.TokenFamilyId;
import com.llatria.domain.user.UserId;
import org.jooq.DSLContext;

import java.time.Instant;
import java.util.Optional;

import static com.llatria.adapters.persistence.postgres.jooq.Tables.REFRESH_TOKENS;

public final class JooqRefreshTokenStore implements RefreshTokenStore {
    private final DSLContext dsl;

    public JooqRefreshTokenStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void save(RefreshToken token) {
        dsl.insertInto(REFRESH_TOKENS)
                .set(REFRESH_TOKENS.ID, token.id().value())
                .set(REFRESH_TOKENS.USER_ID, token.userId().value())
                .set(REFRESH_TOKENS.FAMILY_ID, token.familyId().value())
                .set(REFRESH_TOKENS.TOKEN_HASH, token.tokenHash())
                .set(REFRESH_TOKENS.ISSUED_AT, Timestamps.toDb(token.issuedAt()))
                .set(REFRESH_TOKENS.FAMILY_EXPIRES_AT, Timestamps.toDb(token.familyExpiresAt()))
                .set(REFRESH_TOKENS.USED_AT, Timestamps.toDb(token.usedAt().orElse(null)))
                .set(REFRESH_TOKENS.REVOKED_AT, Timestamps.toDb(token.revokedAt().orElse(null)))
                .execute();
    }

    @Override
    public Optional<RefreshToken> findByHash(String tokenHash) {
        return dsl.selectFrom(REFRESH_TOKENS).where(REFRESH_TOKENS.TOKEN_HASH.eq(tokenHash)).fetchOptional()
                .map(JooqRefreshTokenStore::toToken);
    }

    @Override
    public boolean markUsed(RefreshTokenId token, Instant at) {
        return dsl.update(REFRESH_TOKENS)
                .set(REFRESH_TOKENS.USED_AT, Timestamps.toDb(at))
                .where(REFRESH_TOKENS.ID.eq(token.value()))
                .and(REFRESH_TOKENS.USED_AT.isNull())
                .and(REFRESH_TOKENS.REVOKED_AT.isNull())
                .execute() == 1;
    }

    @Override
    public void revokeFamily(TokenFamilyId family, Instant at) {
        dsl.update(REFRESH_TOKENS)
                .set(REFRESH_TOKENS.REVOKED_AT, Timestamps.toDb(at))
                .where(REFRESH_TOKENS.FAMILY_ID.eq(family.value()))
                .and(REFRESH_TOKENS.REVOKED_AT.isNull())
                .execute();
    }

    @Override
    public void revokeAll(UserId user, Instant at) {
        dsl.update(REFRESH_TOKENS)
                .set(REFRESH_TOKENS.REVOKED_AT, Timestamps.toDb(at))
                .where(REFRESH_TOKENS.USER_ID.eq(user.value()))
                .and(REFRESH_TOKENS.REVOKED_AT.isNull())
                .execute();
    }

    private static RefreshToken toToken(RefreshTokensRecord r) {
        return new RefreshToken(new RefreshTokenId(r.getId()), new UserId(r.getUserId()), new TokenFamilyId(r.getFamilyId()), r.getTokenHash(),
                Timestamps.fromDb(r.getIssuedAt()), Timestamps.fromDb(r.getFamilyExpiresAt()),
                Optional.ofNullable(Timestamps.fromDb(r.getUsedAt())), Optional.ofNullable(Timestamps.fromDb(r.getRevokedAt())));
    }
}
