-- Photos of items: child rows with their own ids and a sort position (sync rule 5).
CREATE TABLE item_images (
    id         uuid        PRIMARY KEY,
    owner_id   uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    item_id    uuid        NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    position   integer     NOT NULL CHECK (position >= 0),
    created_at timestamptz NOT NULL,
    -- [{"variant": "MEDIUM", "format": "WEBP", "key": "users/…", "width": 800, "height": 600}, …]
    renditions jsonb       NOT NULL
);

-- [jooq ignore start]
CREATE INDEX item_images_item ON item_images (owner_id, item_id, position);
-- [jooq ignore stop]
