-- The AI listing assistant: each item's recognition (the design's ai_data, one row per item),
-- each user's daily allowance of provider requests, and every provider call made.

CREATE TABLE ai_data (
    item_id                  uuid             PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
    owner_id                 uuid             NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    recognized_item          varchar(200)     NOT NULL,
    confidence               double precision NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    title                    varchar(200)     NOT NULL,
    description              text             NOT NULL,
    category                 varchar(100),
    -- false: free text the model proposed, not one of our categories
    category_known           boolean          NOT NULL,
    condition                varchar(16),
    brand                    varchar(100),
    model                    varchar(100),
    year                     integer,
    color                    varchar(100),
    size                     varchar(100),
    dimensions               varchar(100),
    -- {"Fit": "Original", ...}
    specifications           jsonb            NOT NULL,
    market_price_amount      numeric(12,2)    CHECK (market_price_amount >= 0),
    market_price_currency    varchar(3),
    suggested_price_amount   numeric(12,2)    CHECK (suggested_price_amount >= 0),
    suggested_price_currency varchar(3),
    research_notes           text             NOT NULL,
    -- what validation changed in the model's answer: ["title: markup removed", ...]
    repairs                  jsonb            NOT NULL,
    provider                 varchar(16)      NOT NULL,
    provider_model           varchar(100)     NOT NULL,
    prompt_tokens            integer          NOT NULL,
    completion_tokens        integer          NOT NULL,
    latency_ms               bigint           NOT NULL,
    photo_sha256             varchar(64),
    created_at               timestamptz      NOT NULL,
    updated_at               timestamptz      NOT NULL
);

-- One row per user and day: requests taken from the daily allowance, counted with a
-- conditional upsert so racing requests never take more than the limit.
CREATE TABLE ai_daily_requests (
    owner_id uuid    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day      date    NOT NULL,
    requests integer NOT NULL CHECK (requests >= 0),
    PRIMARY KEY (owner_id, day)
);

CREATE TABLE ai_usage (
    id                uuid         PRIMARY KEY,
    owner_id          uuid         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    at                timestamptz  NOT NULL,
    operation         varchar(16)  NOT NULL,
    provider          varchar(16)  NOT NULL,
    model             varchar(100) NOT NULL,
    prompt_tokens     integer      NOT NULL,
    completion_tokens integer      NOT NULL,
    latency_ms        bigint       NOT NULL,
    outcome           varchar(32)  NOT NULL
);

-- [jooq ignore start]
CREATE INDEX ai_data_owner ON ai_data (owner_id);
CREATE INDEX ai_usage_owner_at ON ai_usage (owner_id, at DESC);

-- Price suggestions look for the seller's sold items whose titles are most like an item's:
-- a nearest-neighbour scan (ORDER BY title <-> 'text' LIMIT n) over one owner's sold items.
-- GiST over (owner_id, title trigrams) serves the owner filter and the distance order in one
-- index (btree_gist supplies the uuid part). Both extensions are "trusted", so a database owner
-- may create them without being a superuser; where even that is not allowed the migration still
-- succeeds, and suggestions fall back to comparing titles in the application (slower).
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE EXTENSION IF NOT EXISTS btree_gist;
    CREATE INDEX items_sold_title_trgm ON items USING gist (owner_id, title gist_trgm_ops)
        WHERE status = 'sold' AND deleted_at IS NULL;
EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
    RAISE NOTICE 'pg_trgm or btree_gist is not available (%): price suggestions compare titles without an index', SQLERRM;
END
$$;
-- ... and the latest sales in the item's category (and, without pg_trgm, the latest sales at all).
CREATE INDEX items_sold_category ON items (owner_id, category, sold_at DESC)
    WHERE status = 'sold' AND deleted_at IS NULL;
CREATE INDEX items_sold_latest ON items (owner_id, sold_at DESC)
    WHERE status = 'sold' AND deleted_at IS NULL;
-- [jooq ignore stop]
