-- Per device, the latest stamp (as the device sent it, before any clamp) of its deletes merged
-- into the item: {"phone": "0001764100000100-00000-phone"}. A delete at or below its device's
-- entry was merged before, so the same delete sent again under a new mutation id changes nothing,
-- even after a restore (finding 7.12). NULL: no synced delete ever reached the item.
ALTER TABLE items ADD COLUMN deletes_seen jsonb;
