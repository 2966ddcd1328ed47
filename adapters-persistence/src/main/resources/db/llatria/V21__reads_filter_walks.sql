-- Fast reads (issue 10): lists filtered by status, condition, category and price (no text) cost
-- about the same for a seller with 100,000 items as for one with 1,000.
--
-- Such a list was answered through the GIN index of V8: every match found, each read from the
-- table (for its sort key and price), sorted, cut to a page. For a combination that keeps a few
-- hundred of 100,000 items that was ~1,200 table reads for a page of 50 (27 ms at load 20),
-- against ~10 at 1,000 items. Walking a sort index instead is cheap only if an entry can be
-- judged without reading its row: so the sort indexes now carry every filter column (an
-- index-only scan filters on included columns, as V12 began with the price), and a category,
-- the one filter with many values, gets its own index in date order, so a walk for one category
-- only reads that category's entries (all filters of the reads benchmark: ~1,100 index entries
-- read and 0.9 ms, against 1,183 table rows and 27 ms). JooqItemRepository walks at most a
-- bounded number of entries and falls back to the GIN index when that was not enough to fill
-- the page (a combination rarer than that is few rows for the GIN path).
--
-- Write cost: one more index entry per item write (the category index); every item write
-- already enters all these indexes (updated_at changes, so no write is a HOT update).
-- [jooq ignore start]
CREATE INDEX items_owner_created_filters ON items (owner_id, created_at, id)
    INCLUDE (price_amount, status, condition, category) WHERE deleted_at IS NULL;
DROP INDEX items_owner_created_price;
CREATE INDEX items_owner_updated_filters ON items (owner_id, updated_at, id)
    INCLUDE (price_amount, status, condition, category) WHERE deleted_at IS NULL;
DROP INDEX items_owner_updated_price;
CREATE INDEX items_owner_price_filters ON items (owner_id, price_amount, id)
    INCLUDE (status, condition, category) WHERE deleted_at IS NULL;
DROP INDEX items_owner_price;
CREATE INDEX items_owner_category_created ON items (owner_id, category, created_at, id)
    INCLUDE (price_amount, status, condition) WHERE deleted_at IS NULL;
-- [jooq ignore stop]
