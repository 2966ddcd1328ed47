-- A password change ends every other session at once (finding S.18): access tokens carry the
-- epoch they were issued in, and one from before the account's current epoch is refused.
-- Existing accounts start at 0, as do the tokens issued before this (they carry no epoch).
ALTER TABLE users ADD COLUMN session_epoch bigint NOT NULL DEFAULT 0;
