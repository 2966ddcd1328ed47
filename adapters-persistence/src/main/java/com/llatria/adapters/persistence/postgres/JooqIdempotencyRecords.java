package com.llatria.adapters.persistence.postgres;

import com.llatria.adapters.persistence.postgres.jooq.tables.records.IdempotencyKeysRecord;
import com.llatria.domain.port.IdempotencyRecords;
import com.llatria.domain.user.UserId;
import org.jooq.DSLContext;
import org.jooq.Row3;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static com.llatria.adapters.persistence.postgres.jooq.Tables.IDEMPOTENCY_KEYS;

/**
 * Idempotency records in PostgreSQL. A claim is one INSERT ... ON CONFLICT DO UPDATE WHERE: the
 * row lock makes racing requests (on any server) queue on the key, and only one finds it free.
 */
public final class JooqIdempotencyRecords implements IdempotencyRecords {
    static final String CONTENT_TYPE = "Content-Type";
    static final String LOCATION = "Location";
    static final String ETAG = "ETag";

    private final DSLContext dsl;

    public JooqIdempotencyRecords(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public Claim claim(Key key, String fingerprint, ClaimToken token, Instant now, Instant lockedUntil, Instant expiredBefore) {
        var t = IDEMPOTENCY_KEYS;
        for (int attempt = 0; ; attempt++) {
            Optional<IdempotencyKeysRecord> claimed = dsl.insertInto(t)
                    .set(t.USER_ID, key.user().value())
                    .set(t.IDEM_KEY, key.value())
                    .set(t.FINGERPRINT, fingerprint)
                    .set(t.CLAIM_TOKEN, token.value())
                    .set(t.CREATED_AT, Timestamps.toDb(now))
                    .set(t.LOCKED_UNTIL, Timestamps.toDb(lockedUntil))
                    .onConflict(t.USER_ID, t.IDEM_KEY).doUpdate()
                    .set(t.FINGERPRINT, fingerprint)
                    .set(t.CLAIM_TOKEN, token.value())
                    .set(t.CREATED_AT, Timestamps.toDb(now))
                    .set(t.LOCKED_UNTIL, Timestamps.toDb(lockedUntil))
                    .setNull(t.STATUS).setNull(t.CONTENT_TYPE).setNull(t.LOCATION).setNull(t.ETAG).setNull(t.BODY)
                    .where(t.CREATED_AT.lt(Timestamps.toDb(expiredBefore))
                            .or(t.STATUS.isNull().and(t.LOCKED_UNTIL.lt(Timestamps.toDb(now))).and(t.FINGERPRINT.eq(fingerprint))))
                    .returning().fetchOptional();
            if (claimed.isPresent() && claimed.get().getClaimToken().equals(token.value())) return new Claim.Claimed();
            Optional<IdempotencyKeysRecord> held = dsl.selectFrom(t)
                    .where(t.USER_ID.eq(key.user().value()), t.IDEM_KEY.eq(key.value())).fetchOptional();
            if (held.isEmpty()) {
                // purged or released between the two statements: claim again
                if (attempt < 3) continue;
                return new Claim.InProgress(now);
            }
            IdempotencyKeysRecord row = held.get();
            if (!row.getFingerprint().equals(fingerprint)) return new Claim.Mismatch();
            if (row.getStatus() == null) {
                return new Claim.InProgress(row.getLockedUntil() == null ? now : Timestamps.fromDb(row.getLockedUntil()));
            }
            Map<String, String> headers = new LinkedHashMap<>();
            if (row.getContentType() != null) headers.put(CONTENT_TYPE, row.getContentType());
            if (row.getLocation() != null) headers.put(LOCATION, row.getLocation());
            if (row.getEtag() != null) headers.put(ETAG, row.getEtag());
            return new Claim.Completed(new StoredResponse(row.getStatus(), headers, row.getBody() == null ? new byte[0] : row.getBody()));
        }
    }

    @Override
    public boolean complete(Key key, ClaimToken token, StoredResponse response) {
        var t = IDEMPOTENCY_KEYS;
        return dsl.update(t)
                .set(t.STATUS, response.status())
                .set(t.CONTENT_TYPE, response.headers().get(CONTENT_TYPE))
                .set(t.LOCATION, response.headers().get(LOCATION))
                .set(t.ETAG, response.headers().get(ETAG))
                .set(t.BODY, response.body())
                .setNull(t.LOCKED_UNTIL)
                .where(t.USER_ID.eq(key.user().value()), t.IDEM_KEY.eq(key.value()), t.CLAIM_TOKEN.eq(token.value()),
                        t.STATUS.isNull())
                .execute() == 1;
    }

    @Override
    public void release(Key key, ClaimToken token) {
        var t = IDEMPOTENCY_KEYS;
        dsl.deleteFrom(t).where(t.USER_ID.eq(key.user().value()), t.IDEM_KEY.eq(key.value()), t.CLAIM_TOKEN.eq(token.value()),
                t.STATUS.isNull()).execute();
    }

    @Override
    public Set<ClaimToken> renew(Collection<Held> claims, Instant lockedUntil) {
        if (claims.isEmpty()) return Set.of();
        var t = IDEMPOTENCY_KEYS;
        List<Row3<UUID, String, UUID>> rows = new ArrayList<>();
        for (Held held : claims) rows.add(DSL.row(held.key().user().value(), held.key().value(), held.token().value()));
        Set<ClaimToken> renewed = new HashSet<>();
        dsl.update(t).set(t.LOCKED_UNTIL, Timestamps.toDb(lockedUntil))
                .where(DSL.row(t.USER_ID, t.IDEM_KEY, t.CLAIM_TOKEN).in(rows), t.STATUS.isNull())
                .returning(t.CLAIM_TOKEN).fetch()
                .forEach(r -> renewed.add(new ClaimToken(r.getClaimToken())));
        return renewed;
    }

    @Override
    public int trim(UserId user, int maxRecords, long maxBytes) {
        // one pass over the user's answered rows (its primary-key prefix), newest first
        return dsl.execute("""
                delete from idempotency_keys k using (
                    select idem_key from (
                        select idem_key,
                               row_number() over w as n,
                               sum(coalesce(octet_length(body), 0)) over w as upto
                        from idempotency_keys
                        where user_id = ? and status is not null
                        window w as (order by created_at desc, idem_key)) ranked
                    where n > ? or upto > ?) old
                where k.user_id = ? and k.idem_key = old.idem_key and k.status is not null
                """, user.value(), maxRecords, maxBytes, user.value());
    }

    @Override
    public int purgeCreatedBefore(Instant cutoff) {
        return dsl.deleteFrom(IDEMPOTENCY_KEYS).where(IDEMPOTENCY_KEYS.CREATED_AT.lt(Timestamps.toDb(cutoff))).execute();
    }

}
