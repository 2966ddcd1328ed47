package com.llatria.adapters.persistence.postgres;

import com.llatria.domain.item.ItemId;
import com.llatria.domain.port.ChangeLog;
import com.llatria.domain.sync.ChangeKind;
import com.llatria.domain.sync.ChangeLogEntry;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.EntityType;
import com.llatria.domain.sync.NewChange;
import com.llatria.domain.user.UserId;
import org.jooq.DSLContext;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

import static com.llatria.adapters.persistence.postgres.jooq.Tables.CHANGE_LOG;
import static com.llatria.adapters.persistence.postgres.jooq.Tables.USER_VERSIONS;

public final class JooqChangeLog implements ChangeLog {
    private final DSLContext dsl;

    public JooqChangeLog(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void lock(UserId owner) {
        // An upsert that changes nothing still locks the row until the transaction ends; it also
        // creates the row for a user who has never written, so there is always a row to lock.
        dsl.insertInto(USER_VERSIONS)
                .set(USER_VERSIONS.USER_ID, owner.value())
                .set(USER_VERSIONS.VERSION, 0L)
                .onConflict(USER_VERSIONS.USER_ID)
                .doUpdate()
                .set(USER_VERSIONS.VERSION, USER_VERSIONS.VERSION)
                .execute();
    }

    @Override
    public long append(UserId owner, NewChange change) {
        // One statement, one round trip: the counter row's lock taken here is held until the
        // caller's transaction ends, so per-user writes are serialised and versions commit in the
        // order they were handed out; the change log row gets the version in the same statement.
        return dsl.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(APPEND)) {
                statement.setObject(1, owner.value());
                statement.setObject(2, owner.value());
                statement.setString(3, EntityType.ITEM.name());
                statement.setObject(4, change.item().value());
                statement.setString(5, change.kind().name());
                statement.setString(6, change.device().value());
                statement.setObject(7, Timestamps.toDb(change.at()));
                try (ResultSet rs = statement.executeQuery()) {
                    if (!rs.next()) throw new IllegalStateException("no version was handed out");
                    return rs.getLong(1);
                }
            }
        });
    }

    private static final String APPEND = "with next as (insert into user_versions (user_id, version) values (?, 1) "
            + "on conflict (user_id) do update set version = user_versions.version + 1 returning version) "
            + "insert into change_log (owner_id, version, entity_type, entity_id, kind, device_id, at) "
            + "select ?, next.version, ?, ?, ?, ?, ? from next returning version";

    @Override
    public List<ChangeLogEntry> since(UserId owner, long afterVersion, int limit) {
        return dsl.selectFrom(CHANGE_LOG)
                .where(CHANGE_LOG.OWNER_ID.eq(owner.value()))
                .and(CHANGE_LOG.VERSION.gt(afterVersion))
                .orderBy(CHANGE_LOG.VERSION)
                .limit(limit)
                .fetch(r -> new ChangeLogEntry(owner, r.getVersion(), new ItemId(r.getEntityId()), ChangeKind.valueOf(r.getKind()), new DeviceId(r.getDeviceId()),
                        Timestamps.fromDb(r.getAt())));
    }
}
