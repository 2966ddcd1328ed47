-- Fast reads (issue 10): a seller's search reads only that seller's entries of the GIN index, for
-- word prefixes too.
--
-- V8's vector held the words as they are ('red'), one GIN entry per word for all sellers together.
-- A search asks for the seller's '#owner=…' token as well, so whole words are intersected with
-- the seller's entries inside the index; but a prefix ('red':*) is a partial match, which GIN
-- answers by collecting every entry that begins with it, for every seller, before intersecting
-- (the rest of finding 10.4: a seller with 1,000 items paid for the words of one with 100,000,
-- and could time how common a word is on the whole server). Now every word carries a short key
-- of its owner: 'k:red', where k is the first 10 hex digits of md5(owner_id), so the prefix
-- 'k:red':* covers this seller's words only (and those of the rare seller whose key is the same).
-- JooqItemRepository puts the same key on the words of a query.
--
-- The filter tokens carry the key too ('k:#status=active', '#owner=' is gone): a filtered list that
-- falls back to the GIN index (V21) reads only this seller's posting lists, not every seller's
-- 'Clothing'. Every search statement also says owner_id = ?, which keeps the answer exact when two
-- sellers share a key.
--
-- llatria_search_words puts the key on the words through the vector's text form: a word's lexeme
-- holds no quote or space (ASCII punctuation, quotes and backslashes included, became spaces), so
-- every " '" begins a lexeme (a plain replace: ~10 us an item). A lexeme may be at most 2,047
-- bytes; in a text of more than 1,300 bytes a word could be long enough for the key to push it
-- past that, so there each lexeme is rebuilt cut to its first 200 characters: a query word is at
-- most 200 characters (SearchText compares words on those), so "begins with" gives the same
-- answer on the cut word. (A regular expression with a bounded repeat did the same in 0.65 ms an
-- item, 110 ms for a description of 10,000 characters.)
--
-- Numbered 28, not the 25 reserved for it: V26 and V27 reached main first, and Flyway refuses to
-- migrate a database that has applied a higher version than a new script's (finding 10.16).
--
-- The column is dropped and added again: the table is rewritten and its indexes rebuilt, under
-- an exclusive lock (time on 100,000 items: docs/benchmarks.md).
-- [jooq ignore start]
CREATE FUNCTION llatria_search_words(owner uuid, doc text) RETURNS tsvector
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    key constant text := left(md5(owner::text), 10) || ':';
    words constant tsvector := to_tsvector('simple'::regconfig, translate(doc,
        '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                '));
BEGIN
    IF octet_length(doc) <= 1300 THEN
        -- 1,300 bytes, 1,950 at most once lowercased, plus the key: within 2,047
        RETURN replace(' ' || words::text, ' ''', ' ''' || key)::tsvector;
    END IF;
    RETURN coalesce((SELECT string_agg('''' || key || left(w.lexeme, 200) || ''''
                                           || coalesce(':' || array_to_string(w.positions, ','), ''), ' ')
                     FROM unnest(words) AS w), '')::tsvector;
END
$$;

ALTER TABLE items DROP COLUMN search;
ALTER TABLE items ADD COLUMN search tsvector GENERATED ALWAYS AS (
    llatria_search_words(owner_id, title || ' ' || description || ' ' || coalesce(sku, ''))
    || array_to_tsvector(ARRAY[left(md5(owner_id::text), 10) || ':#status=' || status::text,
                               left(md5(owner_id::text), 10) || ':#condition=' || coalesce(condition, ''),
                               left(md5(owner_id::text), 10) || ':#category=' || coalesce(category, '')])
) STORED;

-- as in V8
CREATE INDEX items_search ON items USING gin (search) WITH (fastupdate = off) WHERE deleted_at IS NULL;
-- [jooq ignore stop]
