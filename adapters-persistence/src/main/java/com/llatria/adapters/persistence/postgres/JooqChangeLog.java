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
        // The row lock taken here is held until the caller's transaction ends: per-user writes
        // are serialised, so versions commit in the order they were handed out.
        Long version = dsl.insertInto(USER_VERSIONS)
                .set(USER_VERSIONS.USER_ID, owner.value())
                .set(USER_VERSIONS.VERSION, 1L)
                .onConflict(USER_VERSIONS.USER_ID)
                .doUpdate()
                .set(USER_VERSIONS.VERSION, USER_VERSIONS.VERSION.plus(1))
                .returning(USER_VERSIONS.VERSION)
                .fetchOne(USER_VERSIONS.VERSION);
        dsl.insertInto(CHANGE_LOG)
                .set(CHANGE_LOG.OWNER_ID, owner.value())
                .set(CHANGE_LOG.VERSION, version)
                .set(CHANGE_LOG.ENTITY_TYPE, EntityType.ITEM.name())
                .set(CHANGE_LOG.ENTITY_ID, change.item().value())
                .set(CHANGE_LOG.KIND, change.kind().name())
                .set(CHANGE_LOG.DEVICE_ID, change.device().value())
                .set(CHANGE_LOG.AT, Timestamps.toDb(change.at()))
                .execute();
        return version;
    }

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
