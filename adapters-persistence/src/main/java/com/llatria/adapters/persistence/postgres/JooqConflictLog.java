package com.llatria.adapters.persistence.postgres;

import com.llatria.adapters.persistence.postgres.jooq.tables.records.SyncConflictsRecord;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.port.ConflictLog;
import com.llatria.domain.sync.ConflictCursor;
import com.llatria.domain.sync.ConflictId;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.RecordedConflict;
import com.llatria.domain.user.UserId;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.List;
import java.util.Optional;

import static com.llatria.adapters.persistence.postgres.jooq.Tables.SYNC_CONFLICTS;

public final class JooqConflictLog implements ConflictLog {
    private final DSLContext dsl;

    public JooqConflictLog(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void record(RecordedConflict conflict) {
        SyncConflictsRecord r = dsl.newRecord(SYNC_CONFLICTS);
        r.setId(conflict.id().value());
        r.setOwnerId(conflict.owner().value());
        r.setItemId(conflict.item().value());
        r.setVersion(conflict.version());
        r.setDeviceId(conflict.device().value());
        r.setRecordedAt(Timestamps.toDb(conflict.at()));
        r.setDetail(ConflictJson.write(conflict.conflict()));
        conflict.resolution().ifPresent(res -> {
            r.setResolvedAt(Timestamps.toDb(res.at()));
            r.setResolution(res.choice().name());
        });
        dsl.insertInto(SYNC_CONFLICTS).set(r).execute();
    }

    @Override
    public List<RecordedConflict> open(UserId owner, Optional<ConflictCursor> after, int limit) {
        var where = SYNC_CONFLICTS.OWNER_ID.eq(owner.value()).and(SYNC_CONFLICTS.RESOLVED_AT.isNull());
        if (after.isPresent()) {
            where = where.and(DSL.row(SYNC_CONFLICTS.VERSION, SYNC_CONFLICTS.ID)
                    .gt(DSL.row(DSL.val(after.get().version()), DSL.val(after.get().id().value()))));
        }
        return dsl.selectFrom(SYNC_CONFLICTS).where(where)
                .orderBy(SYNC_CONFLICTS.VERSION, SYNC_CONFLICTS.ID)
                .limit(limit)
                .fetch(JooqConflictLog::toConflict);
    }

    @Override
    public List<RecordedConflict> atVersion(UserId owner, long version) {
        return dsl.selectFrom(SYNC_CONFLICTS)
                .where(SYNC_CONFLICTS.OWNER_ID.eq(owner.value()).and(SYNC_CONFLICTS.VERSION.eq(version)))
                .orderBy(SYNC_CONFLICTS.ID)
                .fetch(JooqConflictLog::toConflict);
    }

    @Override
    public Optional<RecordedConflict> find(UserId owner, ConflictId id) {
        return dsl.selectFrom(SYNC_CONFLICTS)
                .where(SYNC_CONFLICTS.ID.eq(id.value()).and(SYNC_CONFLICTS.OWNER_ID.eq(owner.value())))
                .fetchOptional()
                .map(JooqConflictLog::toConflict);
    }

    @Override
    public List<RecordedConflict> openFor(UserId owner, ItemId item) {
        return dsl.selectFrom(SYNC_CONFLICTS)
                .where(SYNC_CONFLICTS.OWNER_ID.eq(owner.value()).and(SYNC_CONFLICTS.ITEM_ID.eq(item.value()))
                        .and(SYNC_CONFLICTS.RESOLVED_AT.isNull()))
                .orderBy(SYNC_CONFLICTS.VERSION, SYNC_CONFLICTS.ID)
                .fetch(JooqConflictLog::toConflict);
    }

    @Override
    public boolean resolve(RecordedConflict resolved) {
        RecordedConflict.Resolution resolution = resolved.resolution().orElseThrow();
        return dsl.update(SYNC_CONFLICTS)
                .set(SYNC_CONFLICTS.RESOLVED_AT, Timestamps.toDb(resolution.at()))
                .set(SYNC_CONFLICTS.RESOLUTION, resolution.choice().name())
                .where(SYNC_CONFLICTS.ID.eq(resolved.id().value())
                        .and(SYNC_CONFLICTS.OWNER_ID.eq(resolved.owner().value()))
                        .and(SYNC_CONFLICTS.RESOLVED_AT.isNull()))
                .execute() == 1;
    }

    private static RecordedConflict toConflict(SyncConflictsRecord r) {
        Optional<RecordedConflict.Resolution> resolution = Optional.ofNullable(r.getResolvedAt())
                .map(at -> new RecordedConflict.Resolution(Timestamps.fromDb(at),
                        RecordedConflict.Choice.valueOf(r.getResolution())));
        return new RecordedConflict(new ConflictId(r.getId()), new UserId(r.getOwnerId()), new ItemId(r.getItemId()),
                r.getVersion(), new DeviceId(r.getDeviceId()), Timestamps.fromDb(r.getRecordedAt()),
                ConflictJson.read(r.getDetail()), resolution);
    }
}
