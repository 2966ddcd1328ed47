-- Fast reads (issue 10): text search that needs no extension, so it works on any PostgreSQL a
-- host service gives us, and costs the same for 100,000 items as for 1,000.
--
-- Words are runs of letters and digits: ASCII punctuation becomes a space before PostgreSQL's
-- parser sees the text, so 'LL-000421' is the words 'll' and '000421' and "Levi's" is 'levi' and
-- 's', the same words the application makes of a query (JooqItemRepository.searchWords). The
-- 'simple' configuration lowercases and neither stems nor drops stop words: sellers write in
-- every language, and a prefix of a word must find the word.
-- [jooq ignore start]
ALTER TABLE items ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple'::regconfig, translate(title || ' ' || description || ' ' || coalesce(sku, ''),
        '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                '))) STORED;

-- fastupdate off: entries go straight into the index, so a search never has to read a growing
-- list of pending entries between vacuums (steadier latency for a little more work per write).
CREATE INDEX items_search ON items USING gin (search) WITH (fastupdate = off) WHERE deleted_at IS NULL;
-- [jooq ignore stop]
