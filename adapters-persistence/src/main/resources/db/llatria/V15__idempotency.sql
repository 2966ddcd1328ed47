-- Requests sent with an Idempotency-Key (per user and key): the request's fingerprint, who runs it
-- (claim_token, until locked_until, so a server that died frees the key), then its answer.
-- Records are purged 24 hours after they were created.
CREATE TABLE idempotency_keys (
    user_id       uuid          NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    idem_key      varchar(255)  NOT NULL,
    fingerprint   varchar(64)   NOT NULL,
    claim_token   uuid          NOT NULL,
    created_at    timestamptz   NOT NULL,
    locked_until  timestamptz,
    status        integer,
    content_type  varchar(255),
    location      varchar(2048),
    etag          varchar(255),
    body          bytea,
    PRIMARY KEY (user_id, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
