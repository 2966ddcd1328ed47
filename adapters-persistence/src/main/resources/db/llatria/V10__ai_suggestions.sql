-- Price suggestions rank the titles of the seller's latest sales in the application (a bounded
-- read through items_sold_latest) instead of a nearest-neighbour scan over a trigram GiST index:
-- for one owner's titles that scan read every entry, so its cost grew with the sales history
-- (docs/benchmarks.md). The index now only costs writes. pg_trgm and btree_gist stay (V6).
-- [jooq ignore start]
DROP INDEX IF EXISTS items_sold_title_trgm;
-- [jooq ignore stop]
