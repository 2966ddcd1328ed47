-- Price suggestions compare an item with the seller's latest sales (items_sold_latest, a bounded
-- read) instead of a nearest-neighbour scan over a trigram GiST index: for one owner's titles that
-- scan read every entry, so its cost grew with the sales history. The index only cost writes now.
-- [jooq ignore start]
DROP INDEX IF EXISTS items_sold_title_trgm;
-- [jooq ignore stop]
