-- Each photo as clients are shown it, kept ready as text: the REST photo object
--   {"id":"…","position":0,"createdAt":"2026-11-26T06:29:39.123Z",
--    "thumbnail":{"width":…,"height":…,"webp":"<url>","jpeg":"<url>"},"medium":{…},"full":{…}}
-- byte for byte as the API writes it (ItemJsonWriter / ItemJson), except that each address is
-- written as one 0x01 byte followed by the file's key (JSON-escaped): a raw control byte never
-- occurs in JSON text, so it marks unambiguously where the image store's address prefix goes.
-- Pull pages (thousands of photos, twelve addresses each) then copy these bytes, inserting the
-- prefix, instead of parsing the renditions, building twelve strings and escaping them on every
-- read. A stored generated column: PostgreSQL recomputes it on every write of the row (a reorder
-- included), so no writer can forget it. NULL when a size lacks its WebP or JPEG rendition, or a
-- key holds a character beyond U+FFFF (the reader then uses pull_json, V20). ItemJsonWriterTest/PulledPhotosTest compare it with the REST bytes.
-- [jooq ignore start]

-- Instant.toString() of a time in years 1-9999 (seconds, then the fraction in groups of three
-- digits, as many as needed); NULL outside them. Built from extract() on the UTC wall time,
-- which is immutable (to_char is not, and a generated column needs immutable functions).
CREATE FUNCTION llatria_iso_instant(t timestamptz) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT CASE WHEN t >= '0001-01-01 00:00:00+00' AND t < '10000-01-01 00:00:00+00' THEN
        lpad(extract(year FROM t AT TIME ZONE 'UTC')::int::text, 4, '0') || '-'
        || lpad(extract(month FROM t AT TIME ZONE 'UTC')::int::text, 2, '0') || '-'
        || lpad(extract(day FROM t AT TIME ZONE 'UTC')::int::text, 2, '0') || 'T'
        || lpad(extract(hour FROM t AT TIME ZONE 'UTC')::int::text, 2, '0') || ':'
        || lpad(extract(minute FROM t AT TIME ZONE 'UTC')::int::text, 2, '0') || ':'
        || lpad((extract(microseconds FROM t AT TIME ZONE 'UTC')::bigint / 1000000)::text, 2, '0')
        || CASE
               WHEN extract(microseconds FROM t AT TIME ZONE 'UTC')::bigint % 1000000 = 0 THEN ''
               WHEN extract(microseconds FROM t AT TIME ZONE 'UTC')::bigint % 1000 = 0
                   THEN '.' || lpad((extract(microseconds FROM t AT TIME ZONE 'UTC')::bigint % 1000000 / 1000)::text, 3, '0')
               ELSE '.' || lpad((extract(microseconds FROM t AT TIME ZONE 'UTC')::bigint % 1000000)::text, 6, '0')
           END
        || 'Z'
    END $$;

-- A JSON string's escaped content as Jackson's UTF-8 generator writes it: PostgreSQL's to_json
-- escapes the same characters (", \, control characters; \b \f \n \r \t short) but writes \u00XX
-- in lower case; Jackson also escapes characters beyond U+FFFF (as their surrogate pairs): NULL
-- then, and the photo is read the long way. (to_json is only stable in general, for types whose
-- output depends on settings; for text it depends on nothing.)
CREATE FUNCTION llatria_json_text(s text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT CASE WHEN s !~ '[\U00010000-\U0010FFFF]' THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(
        substr(to_json(s)::text, 2, length(to_json(s)::text) - 2),
        '\u000b', '\u000B'), '\u000e', '\u000E'), '\u000f', '\u000F'), '\u001a', '\u001A'), '\u001b', '\u001B'),
        '\u001c', '\u001C'), '\u001d', '\u001D'), '\u001e', '\u001E'), '\u001f', '\u001F') END $$;

-- One size of a photo: {"width":…,"height":…,"webp":"\x01<key>","jpeg":"\x01<key>"} (the WebP
-- rendition's dimensions, as PhotoView); NULL when either rendition is missing.
CREATE FUNCTION llatria_photo_size(renditions jsonb, variant text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT '{"width":' || (jsonb_path_query_first(renditions, '$[*] ? (@.variant == $v && @.format == "WEBP")', jsonb_build_object('v', variant)) ->> 'width')::int::text
        || ',"height":' || (jsonb_path_query_first(renditions, '$[*] ? (@.variant == $v && @.format == "WEBP")', jsonb_build_object('v', variant)) ->> 'height')::int::text
        || ',"webp":"' || chr(1) || llatria_json_text(jsonb_path_query_first(renditions, '$[*] ? (@.variant == $v && @.format == "WEBP")', jsonb_build_object('v', variant)) ->> 'key')
        || '","jpeg":"' || chr(1) || llatria_json_text(jsonb_path_query_first(renditions, '$[*] ? (@.variant == $v && @.format == "JPEG")', jsonb_build_object('v', variant)) ->> 'key')
        || '"}' $$;

ALTER TABLE item_images ADD COLUMN api_json text GENERATED ALWAYS AS (
    '{"id":"' || id::text || '","position":' || position::text
        || ',"createdAt":"' || llatria_iso_instant(created_at)
        || '","thumbnail":' || llatria_photo_size(renditions, 'THUMBNAIL')
        || ',"medium":' || llatria_photo_size(renditions, 'MEDIUM')
        || ',"full":' || llatria_photo_size(renditions, 'FULL') || '}'
) STORED;

-- A row now holds the renditions three ways (~2.5 KB): above the default 2 KB toast target
-- PostgreSQL would compress the texts, and every read would decompress them again.
ALTER TABLE item_images SET (toast_tuple_target = 8160);
-- [jooq ignore stop]
