package com.llatria.adapters.persistence.postgres;

import com.llatria.adapters.persistence.postgres.jooq.tables.records.PlatformSaleChecksRecord;
import com.llatria.domain.port.SaleChecks;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformSale;
import com.llatria.domain.posting.SaleCheck;
import com.llatria.domain.user.UserId;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static com.llatria.adapters.persistence.postgres.jooq.Tables.PLATFORM_CREDENTIALS;
import static com.llatria.adapters.persistence.postgres.jooq.Tables.PLATFORM_SALE_CHECKS;
import static com.llatria.adapters.persistence.postgres.jooq.Tables.PLATFORM_SALE_LINES;

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
    public boolean finish(SaleCheck check, String worker, Instant forgetBefore) {
        boolean mine = dsl.update(PLATFORM_SALE_CHECKS)
                .set(PLATFORM_SALE_CHECKS.CHECKED_UNTIL, Timestamps.toDb(check.checkedUntil()))
                .set(PLATFORM_SALE_CHECKS.DUE_AT, Timestamps.toDb(check.dueAt()))
                .set(PLATFORM_SALE_CHECKS.PROBLEM, check.problem().orElse(null))
                .setNull(PLATFORM_SALE_CHECKS.LEASE_OWNER)
                .setNull(PLATFORM_SALE_CHECKS.LEASE_UNTIL)
                .where(PLATFORM_SALE_CHECKS.OWNER_ID.eq(check.owner().value()),
                        PLATFORM_SALE_CHECKS.PLATFORM.eq(check.platform().wireName()),
                        PLATFORM_SALE_CHECKS.LEASE_OWNER.eq(worker))
                .execute() == 1;
        if (mine) {
            dsl.deleteFrom(PLATFORM_SALE_LINES)
                    .where(PLATFORM_SALE_LINES.OWNER_ID.eq(check.owner().value()),
                            PLATFORM_SALE_LINES.PLATFORM.eq(check.platform().wireName()),
                            PLATFORM_SALE_LINES.SOLD_AT.lt(Timestamps.toDb(forgetBefore)))
                    .execute();
        }
        return mine;
    }

    @Override
    public boolean firstSight(UserId owner, Platform platform, PlatformSale sale) {
        return dsl.insertInto(PLATFORM_SALE_LINES)
                .set(PLATFORM_SALE_LINES.OWNER_ID, owner.value())
                .set(PLATFORM_SALE_LINES.PLATFORM, platform.wireName())
                .set(PLATFORM_SALE_LINES.ORDER_ID, key(sale.orderId()))
                .set(PLATFORM_SALE_LINES.LINE_ID, key(sale.lineId()))
                .set(PLATFORM_SALE_LINES.SOLD_AT, Timestamps.toDb(sale.soldAt()))
                .onConflictDoNothing()
                .execute() == 1;
    }

    /**
     * A platform's id as stored: itself, or its SHA-256 when it is longer than the column or not
     * plain text (the platform decides what its ids hold; PostgreSQL refuses a NUL).
     */
    static String key(String id) {
        if (id.length() <= 100 && id.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) return id;
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sha256:" + java.util.HexFormat.of().formatHex(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
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
