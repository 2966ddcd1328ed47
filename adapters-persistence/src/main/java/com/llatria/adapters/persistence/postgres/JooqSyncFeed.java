package com.llatria.adapters.persistence.postgres;

import com.llatria.domain.image.RenderedPhotos;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemWithPhotos;
import com.llatria.domain.port.SyncFeed;
import com.llatria.domain.user.UserId;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.llatria.adapters.persistence.postgres.jooq.Tables.SYNC_FLOORS;
import static com.llatria.adapters.persistence.postgres.jooq.Tables.USER_VERSIONS;

public final class JooqSyncFeed implements SyncFeed {
    private final DSLContext dsl;
    private final boolean renderedPhotos;

    public JooqSyncFeed(DSLContext dsl) {
        this(dsl, false);
    }

    /**
     * With {@code renderedPhotos}, pages bring each item's photos as {@link RenderedPhotos} (the
     * stored item_images.api_json, V23) instead of read into {@code ItemImage}s. An item with a
     * photo that has no rendered form (a size without its two renditions) comes read, as without
     * ({@link PhotosJson}).
     */
    public JooqSyncFeed(DSLContext dsl, boolean renderedPhotos) {
        this.dsl = dsl;
        this.renderedPhotos = renderedPhotos;
    }

    /**
     * One statement, so one snapshot and one round trip: the page (items_owner_version: an index
     * range scan, so a page costs the same wherever it starts) with each item's photos aggregated
     * beside it, and the owner's version and floor on every row (or on the one row of nulls when
     * nothing changed). The SQL is a constant, so the driver prepares it once per connection.
     */
    @Override
    public Page page(UserId owner, long afterVersion, int limit) {
        return dsl.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(renderedPhotos ? PAGE_RENDERED : PAGE_READ)) {
                statement.setObject(1, owner.value());
                statement.setObject(2, owner.value());
                statement.setObject(3, owner.value());
                statement.setLong(4, afterVersion);
                statement.setInt(5, limit);
                long current = 0;
                long floor = 0;
                List<ItemWithPhotos> items = new ArrayList<>(Math.min(limit, 1024));
                int meta = ItemRows.COLUMN_COUNT + 3;
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        current = rs.getLong(meta);
                        floor = rs.getLong(meta + 1);
                        if (rs.getObject(1) == null) continue;
                        Item item = ItemRows.read(rs);
                        items.add(PhotosJson.shown(item, rs.getBytes(ItemRows.COLUMN_COUNT + 1),
                                PostingsJson.read(rs.getBytes(ItemRows.COLUMN_COUNT + 2), item.owner(), item.id())));
                    }
                }
                return new Page(current, floor, items);
            }
        });
    }

    private static String page(boolean renderedPhotos) {
        return "select page.*, meta.current, meta.floor from "
                + "(select coalesce((select version from user_versions where user_id = ?), 0) as current, "
                + "coalesce((select version from sync_floors where owner_id = ?), 0) as floor) meta "
                + "left join lateral (select " + ItemRows.COLUMNS + ", " + PhotosJson.column(renderedPhotos) + " as photos, "
                + PostingsJson.COLUMN + " as postings "
                + "from items where owner_id = ? and version > ? order by version limit ?) page on true";
    }

    private static final String PAGE_READ = page(false);
    private static final String PAGE_RENDERED = page(true);

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
        // The DELETE repeats the condition: a row restored meanwhile (the purge waited for its
        // lock) is re-checked in its committed state and kept.
        return dsl.fetchOne("""
                WITH doomed AS (
                    SELECT id FROM items WHERE deleted_at IS NOT NULL AND deleted_at < ?::timestamptz ORDER BY deleted_at LIMIT ?
                ), purged AS (
                    DELETE FROM items WHERE id IN (SELECT id FROM doomed) AND deleted_at IS NOT NULL AND deleted_at < ?::timestamptz
                    RETURNING owner_id, version
                ), floors AS (
                    INSERT INTO sync_floors (owner_id, version)
                    SELECT owner_id, max(version) FROM purged GROUP BY owner_id
                    ON CONFLICT (owner_id) DO UPDATE SET version = GREATEST(sync_floors.version, EXCLUDED.version)
                )
                SELECT count(*) FROM purged
                """, Timestamps.toDb(deletedBefore), limit, Timestamps.toDb(deletedBefore)).get(0, Integer.class);
    }
}
