package com.llatria.adapters.persistence.postgres;

import com.llatria.domain.item.Item;
import com.llatria.domain.port.SyncFeed;
import com.llatria.domain.user.UserId;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.util.List;

import static com.llatria.adapters.persistence.postgres.jooq.Tables.ITEMS;
import static com.llatria.adapters.persistence.postgres.jooq.Tables.SYNC_FLOORS;
import static com.llatria.adapters.persistence.postgres.jooq.Tables.USER_VERSIONS;

public final class JooqSyncFeed implements SyncFeed {
    private final DSLContext dsl;

    public JooqSyncFeed(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public List<Item> changedSince(UserId owner, long afterVersion, int limit) {
        // items_owner_version: an index range scan, so a page costs the same wherever it starts.
        return dsl.selectFrom(ITEMS)
                .where(ITEMS.OWNER_ID.eq(owner.value()).and(ITEMS.VERSION.gt(afterVersion)))
                .orderBy(ITEMS.VERSION)
                .limit(limit)
                .fetch(JooqItemRepository::toItem);
    }

    @Override
    public long currentVersion(UserId owner) {
        Long version = dsl.select(USER_VERSIONS.VERSION).from(USER_VERSIONS)
                .where(USER_VERSIONS.USER_ID.eq(owner.value())).fetchOne(USER_VERSIONS.VERSION);
        return version == null ? 0 : version;
    }

    @Override
    public long floor(UserId owner) {
        Long version = dsl.select(SYNC_FLOORS.VERSION).from(SYNC_FLOORS)
                .where(SYNC_FLOORS.OWNER_ID.eq(owner.value())).fetchOne(SYNC_FLOORS.VERSION);
        return version == null ? 0 : version;
    }

    @Override
    public int purgeTombstones(Instant deletedBefore, int limit) {
        // One statement: the floor rises in the same transaction that removes the tombstones, so a
        // pull that no longer finds a tombstone always finds the floor that refuses its cursor.
        return dsl.fetchOne("""
                WITH doomed AS (
                    SELECT id FROM items WHERE deleted_at IS NOT NULL AND deleted_at < ?::timestamptz ORDER BY deleted_at LIMIT ?
                ), purged AS (
                    DELETE FROM items WHERE id IN (SELECT id FROM doomed) RETURNING owner_id, version
                ), floors AS (
                    INSERT INTO sync_floors (owner_id, version)
                    SELECT owner_id, max(version) FROM purged GROUP BY owner_id
                    ON CONFLICT (owner_id) DO UPDATE SET version = GREATEST(sync_floors.version, EXCLUDED.version)
                )
                SELECT count(*) FROM purged
                """, Timestamps.toDb(deletedBefore), limit).get(0, Integer.class);
    }
}
