-- Users get the design's shape: a name, when the profile last changed, the last sign-in, and
-- whether the account is active (a deactivated account keeps its data but cannot sign in).
ALTER TABLE users ADD COLUMN name varchar(255);
ALTER TABLE users ADD COLUMN updated_at timestamptz;
ALTER TABLE users ADD COLUMN last_login timestamptz;
ALTER TABLE users ADD COLUMN is_active boolean NOT NULL DEFAULT true;
-- [jooq ignore start]
UPDATE users SET updated_at = created_at;
-- [jooq ignore stop]
ALTER TABLE users ALTER COLUMN updated_at SET NOT NULL;
