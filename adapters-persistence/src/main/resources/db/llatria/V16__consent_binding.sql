-- Finding 9.8: a consent is bound to the browser that started it. The browser holds a nonce in a
-- cookie; only its SHA-256 is stored here. NULL for consents made before this (they expire within
-- 10 minutes and then need the signed-in owner to finish).
ALTER TABLE platform_consents ADD COLUMN binding_hash varchar(64);
-- Pending consents are bounded per seller (the oldest dropped): found by owner.
CREATE INDEX platform_consents_owner ON platform_consents (owner_id, expires_at);
