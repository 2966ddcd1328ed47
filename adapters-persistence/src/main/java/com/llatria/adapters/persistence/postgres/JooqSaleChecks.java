package com.llatria.adapters.persistence.postgres;

import com.llatria.adapters.persistence.postgres.jooq.tables.records.PlatformSaleChecksRecord;
import com.llatria.domain.port.SaleChecks;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.SaleCheck;
import com.llatria.domain.user.UserId;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static com.llatria.adapters.persistence.postgres.jooq.Tables.PLATFORM_CREDENTIALS;
import static com.llatria.adapters.persistence.postgres.jooq.Tables.PLATFORM_SALE_CHECKS;

/**
 * Sale checks in PostgreSQL as a job queue: a claim leases due rows of connected accounts with
 * {@code FOR UPDATE SKIP LOCKED}, so instances claiming at once get different accounts.
 */
public final class JooqSaleChecks implements SaleChecks {
    private final DSLContext dsl;

    public JooqSaleChecks(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void watch(UserId owner, Platform platform, Instant from) {
        dsl.insertInto(PLATFORM_SALE_CHECKS)
                .set(PLATFORM_SALE_CHECKS.OWNER_ID, owner.value())
                .set(PLATFORM_SALE_CHECKS.PLATFORM, platform.wireName())
                .set(PLATFORM_SALE_CHECKS.CHECKED_UNTIL, Timestamps.toDb(from))
                .set(PLATFORM_SALE_CHECKS.DUE_AT, Timestamps.toDb(from))
                .onConflictDoNothing()
                .execute();
    }

    @Override
    public List<SaleCheck> claim(String worker, Instant now, Instant leaseUntil, int limit) {
        var due = dsl.select(PLATFORM_SALE_CHECKS.OWNER_ID, PLATFORM_SALE_CHECKS.PLATFORM).from(PLATFORM_SALE_CHECKS)
                .where(PLATFORM_SALE_CHECKS.DUE_AT.le(Timestamps.toDb(now)))
                .and(PLATFORM_SALE_CHECKS.LEASE_UNTIL.isNull().or(PLATFORM_SALE_CHECKS.LEASE_UNTIL.lt(Timestamps.toDb(now))))
                .andExists(DSL.selectOne().from(PLATFORM_CREDENTIALS)
                        .where(PLATFORM_CREDENTIALS.OWNER_ID.eq(PLATFORM_SALE_CHECKS.OWNER_ID),
                                PLATFORM_CREDENTIALS.PLATFORM.eq(PLATFORM_SALE_CHECKS.PLATFORM),
                                PLATFORM_CREDENTIALS.STATUS.eq("connected")))
                .orderBy(PLATFORM_SALE_CHECKS.DUE_AT)
                .limit(limit)
                .forUpdate().of(PLATFORM_SALE_CHECKS).skipLocked();
        return dsl.update(PLATFORM_SALE_CHECKS)
                .set(PLATFORM_SALE_CHECKS.LEASE_OWNER, worker)
                .set(PLATFORM_SALE_CHECKS.LEASE_UNTIL, Timestamps.toDb(leaseUntil))
                .where(DSL.row(PLATFORM_SALE_CHECKS.OWNER_ID, PLATFORM_SALE_CHECKS.PLATFORM).in(due))
                .returning()
                .fetch(JooqSaleChecks::toCheck);
    }

    @Override
    public boolean finish(SaleCheck check, String worker) {
        return dsl.update(PLATFORM_SALE_CHECKS)
                .set(PLATFORM_SALE_CHECKS.CHECKED_UNTIL, Timestamps.toDb(check.checkedUntil()))
                .set(PLATFORM_SALE_CHECKS.DUE_AT, Timestamps.toDb(check.dueAt()))
                .set(PLATFORM_SALE_CHECKS.PROBLEM, check.problem().orElse(null))
                .setNull(PLATFORM_SALE_CHECKS.LEASE_OWNER)
                .setNull(PLATFORM_SALE_CHECKS.LEASE_UNTIL)
                .where(PLATFORM_SALE_CHECKS.OWNER_ID.eq(check.owner().value()),
                        PLATFORM_SALE_CHECKS.PLATFORM.eq(check.platform().wireName()),
                        PLATFORM_SALE_CHECKS.LEASE_OWNER.eq(worker))
                .execute() == 1;
    }

    @Override
    public Optional<SaleCheck> find(UserId owner, Platform platform) {
        return dsl.selectFrom(PLATFORM_SALE_CHECKS)
                .where(PLATFORM_SALE_CHECKS.OWNER_ID.eq(owner.value()), PLATFORM_SALE_CHECKS.PLATFORM.eq(platform.wireName()))
                .fetchOptional(JooqSaleChecks::toCheck);
    }

    private static SaleCheck toCheck(PlatformSaleChecksRecord r) {
        return new SaleCheck(new UserId(r.getOwnerId()),
                Platform.fromWire(r.getPlatform()).orElseThrow(() -> new IllegalStateException("unknown platform " + r.getPlatform())),
                Timestamps.fromDb(r.getCheckedUntil()), Timestamps.fromDb(r.getDueAt()), Optional.ofNullable(r.getProblem()));
    }
}
