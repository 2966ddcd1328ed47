-- The version of the item write that last changed its photos (added, removed, reordered).
-- A conditional photo write (If-Match on an upload, a delete or a reorder) must fail when another
-- photo write came after the version the client names, even though a photo write changes none of
-- the item's fields (finding 9.41: two devices reordering with one tag both won). Field writes
-- still compare only with the fields' stamps, so a posting job moving the version stales nothing.
-- NULL: no photo write known (items without photos when this ran, or never given any).
ALTER TABLE items ADD COLUMN photos_version bigint;

-- Items that have photos: when their photos last changed is not known, so the item's current
-- version stands for it (a photo write needs the current tag until the next photo write).
-- [jooq ignore start]
UPDATE items SET photos_version = version
WHERE EXISTS (SELECT 1 FROM item_images WHERE item_images.item_id = items.id);
-- [jooq ignore stop]
