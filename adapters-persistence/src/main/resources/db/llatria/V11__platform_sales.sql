-- Sale checks: each connected account whose platform can tell us about sales (eBay's orders) is
-- asked now and then for what sold there, as a durable job like the postings: due_at says when,
-- lease_owner/lease_until which worker holds it (claimed with FOR UPDATE SKIP LOCKED).
-- checked_until: sales up to then have been seen, so a restart or a reconnection catches up.
CREATE TABLE platform_sale_checks (
    owner_id      uuid          NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    platform      varchar(16)   NOT NULL,
    checked_until timestamptz   NOT NULL,
    due_at        timestamptz   NOT NULL,
    problem       varchar(2000),
    lease_owner   varchar(100),
    lease_until   timestamptz,
    PRIMARY KEY (owner_id, platform)
);

-- [jooq ignore start]
CREATE INDEX platform_sale_checks_due ON platform_sale_checks (due_at);
-- [jooq ignore stop]
