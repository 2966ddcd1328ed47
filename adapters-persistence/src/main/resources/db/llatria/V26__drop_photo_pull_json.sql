-- Every read that shows photos (item, list, search, pull, live events) copies each photo's
-- rendered JSON (api_json, V23), for every image store: with a fixed address prefix it is put in
-- place of each marker, and presigned addresses are made from the keys written there. The rare
-- photo without a rendered form is read from its renditions (PhotosJson). Nothing reads the
-- text pull_json (V20) kept for the old path any more, and every photo write computed it: drop it.
-- [jooq ignore start]
ALTER TABLE item_images DROP COLUMN pull_json;
-- [jooq ignore stop]
