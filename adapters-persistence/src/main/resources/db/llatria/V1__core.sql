-- Users, their items, refresh tokens, and the per-user change log that orders every write.

CREATE TABLE users (
    id            uuid         PRIMARY KEY,
    email         varchar(254) NOT NULL,
    password_hash varchar(100) NOT NULL,
    created_at    timestamptz  NOT NULL,
    CONSTRAINT users_email_key UNIQUE (email)
);

-- One row per user: the last version handed out. Taking the next version with
-- UPDATE ... RETURNING locks the row until the writing transaction ends, so one user's
-- versions commit in order and a pull cursor never skips one (a sequence would not).
CREATE TABLE user_versions (
    user_id uuid   PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    version bigint NOT NULL
);

CREATE TABLE items (
    id                  uuid          PRIMARY KEY,
    owner_id            uuid          NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title               varchar(200)  NOT NULL,
    description         text          NOT NULL,
    price_amount        numeric(12,2) NOT NULL CHECK (price_amount >= 0),
    price_currency      varchar(3)    NOT NULL,
    condition           varchar(16),
    category            varchar(100),
    sku                 varchar(50),
    cost_amount         numeric(12,2) CHECK (cost_amount >= 0),
    cost_currency       varchar(3),
    status              varchar(8)    NOT NULL CHECK (status IN ('draft', 'active', 'sold')),
    sold_at             timestamptz,
    sold_price_amount   numeric(12,2),
    sold_price_currency varchar(3),
    sold_channel        varchar(16),
    created_at          timestamptz   NOT NULL,
    updated_at          timestamptz   NOT NULL,
    version             bigint        NOT NULL,
    deleted_at          timestamptz,
    deleted_stamp       varchar(100),
    -- per field: the HLC stamp of its last write and the version it was written at
    field_stamps        jsonb         NOT NULL
);

CREATE TABLE refresh_tokens (
    id                uuid        PRIMARY KEY,
    user_id           uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id         uuid        NOT NULL,
    token_hash        varchar(64) NOT NULL,
    issued_at         timestamptz NOT NULL,
    family_expires_at timestamptz NOT NULL,
    used_at           timestamptz,
    revoked_at        timestamptz,
    CONSTRAINT refresh_tokens_hash_key UNIQUE (token_hash)
);

CREATE TABLE change_log (
    owner_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    version     bigint      NOT NULL,
    entity_type varchar(16) NOT NULL,
    entity_id   uuid        NOT NULL,
    kind        varchar(8)  NOT NULL,
    device_id   varchar(64) NOT NULL,
    at          timestamptz NOT NULL,
    PRIMARY KEY (owner_id, version)
);

-- [jooq ignore start]
-- Keyset pages over one owner's live items, for each sort order (scanned backwards for DESC).
CREATE INDEX items_owner_created ON items (owner_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX items_owner_updated ON items (owner_id, updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX items_owner_price   ON items (owner_id, price_amount, id) WHERE deleted_at IS NULL;
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user   ON refresh_tokens (user_id);
-- [jooq ignore stop]
