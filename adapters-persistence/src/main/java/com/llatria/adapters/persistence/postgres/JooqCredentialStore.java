package com.llatria.adapters.persistence.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.llatria.adapters.persistence.postgres.jooq.tables.records.PlatformCredentialsRecord;
import com.llatria.domain.port.CredentialStore;
import com.llatria.domain.posting.ConsentRequest;
import com.llatria.domain.posting.CredentialStatus;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformCredential;
import com.llatria.domain.posting.SealedSecret;
import com.llatria.domain.user.UserId;
import org.jooq.DSLContext;
import org.jooq.JSONB;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static com.llatria.adapters.persistence.postgres.jooq.Tables.PLATFORM_CONSENTS;
import static com.llatria.adapters.persistence.postgres.jooq.Tables.PLATFORM_CREDENTIALS;
import static com.llatria.adapters.persistence.postgres.jooq.Tables.USERS;

/** Platform credentials (tokens arrive sealed; this adapter never sees a plain token) and OAuth consents. */
public final class JooqCredentialStore implements CredentialStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> SETTINGS = new TypeReference<>() {
    };
    private final DSLContext dsl;

    public JooqCredentialStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public Optional<PlatformCredential> find(UserId owner, Platform platform) {
        return dsl.selectFrom(PLATFORM_CREDENTIALS)
                .where(PLATFORM_CREDENTIALS.OWNER_ID.eq(owner.value()), PLATFORM_CREDENTIALS.PLATFORM.eq(platform.wireName()))
                .fetchOptional(JooqCredentialStore::toCredential);
    }

    @Override
    public Optional<PlatformCredential> lock(UserId owner, Platform platform) {
        return dsl.selectFrom(PLATFORM_CREDENTIALS)
                .where(PLATFORM_CREDENTIALS.OWNER_ID.eq(owner.value()), PLATFORM_CREDENTIALS.PLATFORM.eq(platform.wireName()))
                .forUpdate()
                .fetchOptional(JooqCredentialStore::toCredential);
    }

    @Override
    public List<PlatformCredential> list(UserId owner) {
        return dsl.selectFrom(PLATFORM_CREDENTIALS).where(PLATFORM_CREDENTIALS.OWNER_ID.eq(owner.value()))
                .orderBy(PLATFORM_CREDENTIALS.PLATFORM).fetch(JooqCredentialStore::toCredential);
    }

    @Override
    public void save(PlatformCredential c) {
        PlatformCredentialsRecord r = dsl.newRecord(PLATFORM_CREDENTIALS);
        r.setOwnerId(c.owner().value());
        r.setPlatform(c.platform().wireName());
        r.setStatus(c.status().wireName());
        r.setAccount(c.account().orElse(null));
        r.setScopes(String.join(" ", c.scopes()));
        r.setAccessKeyId(c.accessToken().map(SealedSecret::keyId).orElse(null));
        r.setAccessToken(c.accessToken().map(SealedSecret::ciphertext).orElse(null));
        r.setAccessExpiresAt(Timestamps.toDb(c.accessExpiresAt().orElse(null)));
        r.setRefreshKeyId(c.refreshToken().map(SealedSecret::keyId).orElse(null));
        r.setRefreshToken(c.refreshToken().map(SealedSecret::ciphertext).orElse(null));
        r.setRefreshExpiresAt(Timestamps.toDb(c.refreshExpiresAt().orElse(null)));
        r.setSettings(json(c.settings()));
        r.setProblem(c.problem().orElse(null));
        r.setUpdatedAt(Timestamps.toDb(c.updatedAt()));
        dsl.insertInto(PLATFORM_CREDENTIALS).set(r)
                .onConflict(PLATFORM_CREDENTIALS.OWNER_ID, PLATFORM_CREDENTIALS.PLATFORM).doUpdate().set(r)
                .execute();
    }

    @Override
    public void saveConsent(ConsentRequest consent, int keepPerOwner, Instant now) {
        // The owner's row, as a key-preserving lock: two connects of one seller count in turn,
        // so the bound is exact; nobody else waits (foreign-key checks take KEY SHARE).
        dsl.select(USERS.ID).from(USERS).where(USERS.ID.eq(consent.owner().value())).forNoKeyUpdate().fetch();
        dsl.deleteFrom(PLATFORM_CONSENTS).where(PLATFORM_CONSENTS.OWNER_ID.eq(consent.owner().value()))
                .and(PLATFORM_CONSENTS.EXPIRES_AT.lt(Timestamps.toDb(now))).execute();
        dsl.insertInto(PLATFORM_CONSENTS)
                .set(PLATFORM_CONSENTS.STATE_HASH, consent.stateHash())
                .set(PLATFORM_CONSENTS.OWNER_ID, consent.owner().value())
                .set(PLATFORM_CONSENTS.PLATFORM, consent.platform().wireName())
                .set(PLATFORM_CONSENTS.EXPIRES_AT, Timestamps.toDb(consent.expiresAt()))
                .set(PLATFORM_CONSENTS.BINDING_HASH, consent.bindingHash().orElse(null))
                .execute();
        dsl.deleteFrom(PLATFORM_CONSENTS).where(PLATFORM_CONSENTS.STATE_HASH.in(
                dsl.select(PLATFORM_CONSENTS.STATE_HASH).from(PLATFORM_CONSENTS)
                        .where(PLATFORM_CONSENTS.OWNER_ID.eq(consent.owner().value()))
                        .orderBy(PLATFORM_CONSENTS.EXPIRES_AT.desc(), PLATFORM_CONSENTS.STATE_HASH.desc())
                        .offset(keepPerOwner))).execute();
    }

    @Override
    public Optional<ConsentRequest> takeConsent(String stateHash, Instant now) {
        dsl.deleteFrom(PLATFORM_CONSENTS).where(PLATFORM_CONSENTS.EXPIRES_AT.lt(Timestamps.toDb(now))).execute();
        // DELETE ... RETURNING: of two callbacks racing with one state, only one gets the row.
        return dsl.deleteFrom(PLATFORM_CONSENTS).where(PLATFORM_CONSENTS.STATE_HASH.eq(stateHash))
                .returning().fetchOptional()
                .map(r -> new ConsentRequest(r.getStateHash(), new UserId(r.getOwnerId()), platform(r.getPlatform()),
                        Timestamps.fromDb(r.getExpiresAt()), Optional.ofNullable(r.getBindingHash())));
    }

    private static PlatformCredential toCredential(PlatformCredentialsRecord r) {
        Optional<SealedSecret> access = r.getAccessToken() == null ? Optional.empty()
                : Optional.of(new SealedSecret(r.getAccessKeyId(), r.getAccessToken()));
        Optional<SealedSecret> refresh = r.getRefreshToken() == null ? Optional.empty()
                : Optional.of(new SealedSecret(r.getRefreshKeyId(), r.getRefreshToken()));
        return new PlatformCredential(new UserId(r.getOwnerId()), platform(r.getPlatform()),
                CredentialStatus.valueOf(r.getStatus().toUpperCase(Locale.ROOT)), Optional.ofNullable(r.getAccount()),
                r.getScopes().isBlank() ? List.of() : Arrays.asList(r.getScopes().split(" ")), access,
                Optional.ofNullable(Timestamps.fromDb(r.getAccessExpiresAt())), refresh,
                Optional.ofNullable(Timestamps.fromDb(r.getRefreshExpiresAt())), settings(r.getSettings()),
                Optional.ofNullable(r.getProblem()), Timestamps.fromDb(r.getUpdatedAt()));
    }

    private static Platform platform(String wire) {
        return Platform.fromWire(wire).orElseThrow(() -> new IllegalStateException("unknown platform " + wire));
    }

    private static Map<String, String> settings(JSONB json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json.data(), SETTINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable platform settings", e);
        }
    }

    private static JSONB json(Map<String, String> value) {
        try {
            return JSONB.valueOf(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
