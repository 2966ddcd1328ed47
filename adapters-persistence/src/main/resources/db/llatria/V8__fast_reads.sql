-- Fast reads (issue 10): one index that answers any combination of the list filters and text
-- search for one seller, on any PostgreSQL a host service gives us (no extension needed), so a
-- seller with 100,000 items waits about as long as one with 1,000.
--
-- The search vector holds
--  * the words of title, description and SKU. A word is a run of letters and digits: ASCII
--    punctuation becomes a space before PostgreSQL's parser sees the text, so 'LL-000421' is the
--    words 'll' and '000421' and "Levi's" is 'levi' and 's', the same words the application makes
--    of a query (domain SearchText). The 'simple' configuration lowercases and neither stems nor
--    drops stop words: sellers write in every language, and a prefix of a word must find the word.
--  * one token per filter value: '#owner=…', '#status=…', '#condition=…', '#category=…'. Words
--    never contain '#', so no word and no word prefix ever matches a token.
-- A list then asks for, say, '#owner=…' & '#status=active' & '#category=Home' & 'lamp':* and the
-- GIN index intersects those entries, so a rare combination costs what its matches cost, not a
-- walk through the seller's whole stock; common ones are still walked in sort order by the
-- keyset indexes of V1 (the planner chooses from the index statistics).
-- [jooq ignore start]
ALTER TABLE items ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple'::regconfig, translate(title || ' ' || description || ' ' || coalesce(sku, ''),
        '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                '))
    || array_to_tsvector(ARRAY['#owner=' || owner_id::text, '#status=' || status::text,
                               '#condition=' || coalesce(condition, ''), '#category=' || coalesce(category, '')])
) STORED;

-- fastupdate off: entries go straight into the index, so a search never has to read a growing
-- list of pending entries between vacuums (steadier latency for a little more work per write).
CREATE INDEX items_search ON items USING gin (search) WITH (fastupdate = off) WHERE deleted_at IS NULL;
-- [jooq ignore stop]
