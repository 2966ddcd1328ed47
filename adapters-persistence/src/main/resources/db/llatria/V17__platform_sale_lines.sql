-- The order lines a sale check acted on, per account: a platform shows an order again whenever it
-- changes (a return, a refund, a shipping update, weeks after the sale), and only its first sight
-- is a sale; an item relisted since must not be sold again by an old order. Ids longer than the
-- columns are stored as their SHA-256 (see JooqSaleChecks). Rows older than the platform keeps
-- orders are deleted when the account's check finishes.
CREATE TABLE platform_sale_lines (
    owner_id  uuid         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    platform  varchar(16)  NOT NULL,
    order_id  varchar(100) NOT NULL,
    line_id   varchar(100) NOT NULL,
    sold_at   timestamptz  NOT NULL,
    PRIMARY KEY (owner_id, platform, order_id, line_id)
);
