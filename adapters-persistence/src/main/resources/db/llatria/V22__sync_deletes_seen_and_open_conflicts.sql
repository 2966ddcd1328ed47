-- Per device, the latest stamp (as the device sent it, before any clamp) of its deletes merged
-- into the item: {"phone": "0001764100000100-00000-phone"}. A delete at or below its device's
-- entry was merged before, so the same delete sent again under a new mutation id changes nothing,
-- even after a restore (finding 7.12). NULL: no synced delete ever reached the item.
ALTER TABLE items ADD COLUMN deletes_seen jsonb;

-- [jooq ignore start]
-- Push looks up an item's open conflicts on each write that changes it: one that became moot (the
-- field holds its losing value again) is settled, and a loser already listed is not listed twice
-- (finding 7.18).
CREATE INDEX sync_conflicts_open_item ON sync_conflicts (owner_id, item_id) WHERE resolved_at IS NULL;
-- [jooq ignore stop]
