-- Sync pull and item reads fetch each item's photos as one JSON array built in the item's query
-- (PhotosJson). Built from the jsonb renditions, most of that statement's time went into turning
-- jsonb back into text, photo by photo, on every read (a pull page of 1,000 items: ~100 ms of
-- which ~80 ms were the photos). Each photo's entry of that array is kept here as text instead,
-- computed by PostgreSQL whenever the row is written (a stored generated column: no writer can
-- forget it, and a reorder that changes position recomputes it), so a read only joins texts.
-- The entry: ["<id>", <position>, <created_at in epoch microseconds>, <renditions>].
-- [jooq ignore start]
ALTER TABLE item_images ADD COLUMN pull_json text GENERATED ALWAYS AS (
    '["' || id::text || '",' || position::text || ','
        || ((extract(epoch from (created_at - to_timestamp(0))) * 1000000)::bigint)::text || ','
        || renditions::text || ']'
) STORED;
-- [jooq ignore stop]
