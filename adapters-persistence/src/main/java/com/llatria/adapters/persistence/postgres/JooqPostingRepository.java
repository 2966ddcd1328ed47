package com.llatria.adapters.persistence.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.llatria.adapters.persistence.postgres.jooq.tables.records.PlatformPostingsRecord;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.port.PostingJobs;
import com.llatria.domain.port.PostingRepository;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformPosting;
import com.llatria.domain.posting.PostingId;
import com.llatria.domain.posting.PostingMode;
import com.llatria.domain.posting.PostingState;
import com.llatria.domain.user.UserId;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static com.llatria.adapters.persistence.postgres.jooq.Tables.PLATFORM_POSTINGS;

/**
 * Postings in PostgreSQL, and the same rows as the job queue: a claim leases due rows with
 * {@code FOR UPDATE SKIP LOCKED}, so concurrent claimers (threads or server instances) each get
 * different rows without waiting on one another.
 */
public final class JooqPostingRepository implements PostingRepository, PostingJobs {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private final DSLContext dsl;

    public JooqPostingRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public Optional<PlatformPosting> find(UserId owner, ItemId item, Platform platform) {
        return dsl.selectFrom(PLATFORM_POSTINGS)
                .where(PLATFORM_POSTINGS.OWNER_ID.eq(owner.value()), PLATFORM_POSTINGS.ITEM_ID.eq(item.value()),
                        PLATFORM_POSTINGS.PLATFORM.eq(platform.wireName()))
                .fetchOptional(JooqPostingRepository::toPosting);
    }

    @Override
    public Optional<PlatformPosting> find(UserId owner, PostingId id) {
        return dsl.selectFrom(PLATFORM_POSTINGS)
                .where(PLATFORM_POSTINGS.ID.eq(id.value()), PLATFORM_POSTINGS.OWNER_ID.eq(owner.value()))
                .fetchOptional(JooqPostingRepository::toPosting);
    }

    @Override
    public List<PlatformPosting> forItem(UserId owner, ItemId item) {
        return dsl.selectFrom(PLATFORM_POSTINGS)
                .where(PLATFORM_POSTINGS.OWNER_ID.eq(owner.value()), PLATFORM_POSTINGS.ITEM_ID.eq(item.value()))
                .orderBy(PLATFORM_POSTINGS.PLATFORM)
                .fetch(JooqPostingRepository::toPosting);
    }

    @Override
    public List<ItemId> itemsWithLivePostings(UserId owner) {
        return dsl.selectDistinct(PLATFORM_POSTINGS.ITEM_ID).from(PLATFORM_POSTINGS)
                .where(PLATFORM_POSTINGS.OWNER_ID.eq(owner.value()), PLATFORM_POSTINGS.STATE.in("posting", "posted", "error"))
                .orderBy(PLATFORM_POSTINGS.ITEM_ID)
                .fetch(r -> new ItemId(r.value1()));
    }

    @Override
    public Map<ItemId, List<PlatformPosting>> forItems(UserId owner, Collection<ItemId> items) {
        Map<ItemId, List<PlatformPosting>> out = new LinkedHashMap<>();
        items.forEach(id -> out.put(id, new ArrayList<>()));
        if (items.isEmpty()) return out;
        dsl.selectFrom(PLATFORM_POSTINGS)
                .where(PLATFORM_POSTINGS.OWNER_ID.eq(owner.value()),
                        PLATFORM_POSTINGS.ITEM_ID.in(items.stream().map(ItemId::value).toList()))
                .orderBy(PLATFORM_POSTINGS.ITEM_ID, PLATFORM_POSTINGS.PLATFORM)
                .fetch(JooqPostingRepository::toPosting)
                .forEach(p -> out.get(p.item()).add(p));
        return out;
    }

    @Override
    public void save(PlatformPosting p) {
        PlatformPostingsRecord r = dsl.newRecord(PLATFORM_POSTINGS);
        r.setId(p.id().value());
        r.setOwnerId(p.owner().value());
        r.setItemId(p.item().value());
        r.setPlatform(p.platform().wireName());
        r.setMode(p.mode().wireName());
        r.setState(p.state().wireName());
        r.setExternalRef(p.externalRef().orElse(null));
        r.setWarnings(json(p.warnings()));
        r.setCategoryId(p.categoryId().orElse(null));
        r.setVersion(p.version());
        r.setDueAt(Timestamps.toDb(p.dueAt().orElse(null)));
        r.setAttempts(0);
        PostingState s = p.state();
        if (s instanceof PostingState.Posting posting) {
            r.setAttempts(posting.attempt());
            r.setStartedAt(Timestamps.toDb(posting.startedAt()));
            r.setListingId(posting.listingId().orElse(null));
            r.setUrl(posting.url().orElse(null));
        } else if (s instanceof PostingState.Posted posted) {
            r.setListingId(posted.listingId());
            r.setUrl(posted.url().orElse(null));
            r.setPostedAt(Timestamps.toDb(posted.postedAt()));
        } else if (s instanceof PostingState.Failed failed) {
            r.setAttempts(failed.attempts());
            r.setMessage(failed.message());
            r.setFailedAt(Timestamps.toDb(failed.failedAt()));
            r.setNextRetryAt(Timestamps.toDb(failed.nextRetryAt().orElse(null)));
            r.setListingId(failed.listingId().orElse(null));
            r.setUrl(failed.url().orElse(null));
        } else if (s instanceof PostingState.Removing removing) {
            r.setAttempts(removing.failures());
            r.setStartedAt(Timestamps.toDb(removing.startedAt()));
            r.setListingId(removing.listingId().orElse(null));
            r.setUrl(removing.url().orElse(null));
            r.setMessage(removing.lastError().orElse(null));
            r.setNextRetryAt(Timestamps.toDb(removing.nextAttemptAt()));
        }
        // Every state column is written, so a field of the previous state never lingers.
        dsl.insertInto(PLATFORM_POSTINGS).set(r)
                .onConflict(PLATFORM_POSTINGS.ID).doUpdate()
                .set(PLATFORM_POSTINGS.MODE, r.getMode())
                .set(PLATFORM_POSTINGS.STATE, r.getState())
                .set(PLATFORM_POSTINGS.ATTEMPTS, r.getAttempts())
                .set(PLATFORM_POSTINGS.STARTED_AT, r.getStartedAt())
                .set(PLATFORM_POSTINGS.LISTING_ID, r.getListingId())
                .set(PLATFORM_POSTINGS.URL, r.getUrl())
                .set(PLATFORM_POSTINGS.POSTED_AT, r.getPostedAt())
                .set(PLATFORM_POSTINGS.MESSAGE, r.getMessage())
                .set(PLATFORM_POSTINGS.FAILED_AT, r.getFailedAt())
                .set(PLATFORM_POSTINGS.NEXT_RETRY_AT, r.getNextRetryAt())
                .set(PLATFORM_POSTINGS.EXTERNAL_REF, r.getExternalRef())
                .set(PLATFORM_POSTINGS.WARNINGS, r.getWarnings())
                .set(PLATFORM_POSTINGS.CATEGORY_ID, r.getCategoryId())
                .set(PLATFORM_POSTINGS.VERSION, r.getVersion())
                .set(PLATFORM_POSTINGS.DUE_AT, r.getDueAt())
                .where(PLATFORM_POSTINGS.OWNER_ID.eq(p.owner().value()))
                .execute();
    }

    @Override
    public List<PlatformPosting> claim(String worker, Instant now, Instant leaseUntil, int limit) {
        var due = dsl.select(PLATFORM_POSTINGS.ID).from(PLATFORM_POSTINGS)
                .where(PLATFORM_POSTINGS.DUE_AT.le(Timestamps.toDb(now)))
                .and(PLATFORM_POSTINGS.LEASE_UNTIL.isNull().or(PLATFORM_POSTINGS.LEASE_UNTIL.lt(Timestamps.toDb(now))))
                .orderBy(PLATFORM_POSTINGS.DUE_AT)
                .limit(limit)
                .forUpdate().skipLocked();
        return dsl.update(PLATFORM_POSTINGS)
                .set(PLATFORM_POSTINGS.LEASE_OWNER, worker)
                .set(PLATFORM_POSTINGS.LEASE_UNTIL, Timestamps.toDb(leaseUntil))
                .where(PLATFORM_POSTINGS.ID.in(due))
                .returning()
                .fetch(JooqPostingRepository::toPosting);
    }

    @Override
    public boolean renew(PostingId id, String worker, Instant until) {
        return dsl.update(PLATFORM_POSTINGS)
                .set(PLATFORM_POSTINGS.LEASE_UNTIL, Timestamps.toDb(until))
                .where(PLATFORM_POSTINGS.ID.eq(id.value()), PLATFORM_POSTINGS.LEASE_OWNER.eq(worker))
                .execute() == 1;
    }

    @Override
    public boolean release(PostingId id, String worker) {
        return dsl.update(PLATFORM_POSTINGS)
                .setNull(PLATFORM_POSTINGS.LEASE_OWNER)
                .setNull(PLATFORM_POSTINGS.LEASE_UNTIL)
                .where(PLATFORM_POSTINGS.ID.eq(id.value()), PLATFORM_POSTINGS.LEASE_OWNER.eq(worker))
                .execute() == 1;
    }

    @Override
    public Optional<PlatformPosting> leased(PostingId id, String worker) {
        // Locks the row: a claimer that finds the lease expired skips it until this transaction ends.
        return dsl.selectFrom(PLATFORM_POSTINGS)
                .where(PLATFORM_POSTINGS.ID.eq(id.value()), PLATFORM_POSTINGS.LEASE_OWNER.eq(worker))
                .forUpdate()
                .fetchOptional(JooqPostingRepository::toPosting);
    }

    @Override
    public Optional<Instant> nextDue() {
        return Optional.ofNullable(dsl.select(DSL.min(PLATFORM_POSTINGS.DUE_AT)).from(PLATFORM_POSTINGS)
                .where(PLATFORM_POSTINGS.DUE_AT.isNotNull(), PLATFORM_POSTINGS.LEASE_OWNER.isNull())
                .fetchOne(0, java.time.OffsetDateTime.class)).map(Timestamps::fromDb);
    }

    private static PlatformPosting toPosting(PlatformPostingsRecord r) {
        return PostingsJson.posting(r.getId(), new UserId(r.getOwnerId()), new ItemId(r.getItemId()), r.getPlatform(), r.getMode(),
                r.getState(), r.getAttempts(), Timestamps.fromDb(r.getStartedAt()), r.getListingId(), r.getUrl(),
                Timestamps.fromDb(r.getPostedAt()), r.getMessage(), Timestamps.fromDb(r.getFailedAt()),
                Timestamps.fromDb(r.getNextRetryAt()), r.getExternalRef(), strings(r.getWarnings()), r.getCategoryId(),
                r.getVersion());
    }

    private static List<String> strings(JSONB json) {
        try {
            return json == null ? List.of() : JSON.readValue(json.data(), STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable posting warnings", e);
        }
    }

    private static JSONB json(Object value) {
        try {
            return JSONB.valueOf(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
