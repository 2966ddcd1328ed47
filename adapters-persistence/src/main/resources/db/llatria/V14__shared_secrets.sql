-- Fingerprints of secrets every server on this database must share (never the secrets).
CREATE TABLE shared_secrets (
    name        VARCHAR(64)  PRIMARY KEY,
    fingerprint VARCHAR(128) NOT NULL,
    recorded_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
