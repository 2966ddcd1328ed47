-- Sync: what each device has pushed and pulled, the conflicts the merge recorded, and how far
-- back pull can still serve once old tombstones are purged.

-- One row per (user, device): the last applied mutation id (push skips anything at or below
-- it; updated in the same transaction as the mutation's effects) and the last pull cursor.
CREATE TABLE sync_devices (
    owner_id         uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_id        varchar(64) NOT NULL,
    last_mutation_id bigint      NOT NULL,
    last_pull_cursor bigint      NOT NULL,
    last_seen_at     timestamptz NOT NULL,
    PRIMARY KEY (owner_id, device_id)
);

-- Values a merge decided against, for the user to review. No foreign key to items: a conflict
-- outlives the purge of a deleted item's tombstone.
CREATE TABLE sync_conflicts (
    id               uuid        PRIMARY KEY,
    owner_id         uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    item_id          uuid        NOT NULL,
    -- the owner's version of the write that recorded it; events find a write's conflicts by it
    version          bigint      NOT NULL,
    device_id        varchar(64) NOT NULL,
    recorded_at      timestamptz NOT NULL,
    -- {"kind": "field", "field": "TITLE", "server": {...}, "incoming": {...}} or {"kind": "delete", ...}
    detail           jsonb       NOT NULL,
    resolved_at      timestamptz,
    resolution       varchar(16)
);

-- Per user: cursors below this version are refused (409 reset required) because tombstones
-- written before it have been purged and a client there could miss a delete.
CREATE TABLE sync_floors (
    owner_id uuid   PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    version  bigint NOT NULL
);

-- [jooq ignore start]
-- Pull: an owner's items changed after a cursor, in version order (tombstones included).
CREATE INDEX items_owner_version ON items (owner_id, version);
-- Tombstone purge: deleted items by age.
CREATE INDEX items_deleted_at ON items (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX sync_conflicts_open ON sync_conflicts (owner_id, version, id) WHERE resolved_at IS NULL;
CREATE INDEX sync_conflicts_version ON sync_conflicts (owner_id, version);
-- [jooq ignore stop]
