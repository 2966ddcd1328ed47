-- Sellers' platform connections, OAuth consents in progress, and postings. A posting row is
-- also its own durable job: due_at says when a worker must act on it, lease_owner/lease_until
-- which worker holds it (claimed with SELECT ... FOR UPDATE SKIP LOCKED), so several server
-- instances never run one job at once and a dead worker's job is claimed again once its lease ends.

CREATE TABLE platform_credentials (
    owner_id           uuid         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    platform           varchar(16)  NOT NULL,
    status             varchar(24)  NOT NULL CHECK (status IN ('not_connected', 'connected', 'needs_reconnection')),
    account            varchar(200),
    scopes             text         NOT NULL,
    -- tokens sealed with AES-GCM; the key id beside each value allows key rotation
    access_key_id      varchar(32),
    access_token       text,
    access_expires_at  timestamptz,
    refresh_key_id     varchar(32),
    refresh_token      text,
    refresh_expires_at timestamptz,
    settings           jsonb        NOT NULL,
    problem            varchar(500),
    updated_at         timestamptz  NOT NULL,
    PRIMARY KEY (owner_id, platform)
);

CREATE TABLE platform_consents (
    state_hash varchar(64) PRIMARY KEY,
    owner_id   uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    platform   varchar(16) NOT NULL,
    expires_at timestamptz NOT NULL
);

CREATE TABLE platform_postings (
    id            uuid          PRIMARY KEY,
    owner_id      uuid          NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    item_id       uuid          NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    platform      varchar(16)   NOT NULL,
    mode          varchar(16)   NOT NULL CHECK (mode IN ('api', 'assisted')),
    state         varchar(16)   NOT NULL CHECK (state IN ('idle', 'posting', 'posted', 'error', 'removing')),
    -- posting: the attempt; error: attempts made; removing: failed take-downs
    attempts      integer       NOT NULL,
    started_at    timestamptz,
    listing_id    varchar(100),
    url           varchar(500),
    posted_at     timestamptz,
    -- error: the message; removing: the last take-down failure
    message       varchar(2000),
    failed_at     timestamptz,
    next_retry_at timestamptz,
    external_ref  varchar(100),
    warnings      jsonb         NOT NULL,
    category_id   varchar(20),
    version       bigint        NOT NULL,
    due_at        timestamptz,
    lease_owner   varchar(100),
    lease_until   timestamptz,
    CONSTRAINT platform_postings_item_platform UNIQUE (item_id, platform)
);

-- [jooq ignore start]
CREATE INDEX platform_postings_due ON platform_postings (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX platform_postings_owner_item ON platform_postings (owner_id, item_id);
CREATE INDEX platform_consents_expiry ON platform_consents (expires_at);
-- [jooq ignore stop]
