-- Session tokens are issued by the server (docs/chat.md, "Secrets"): users.token now holds the token's
-- public selector and secret_hash the SHA-256 of its secret half; the token itself is never stored.
-- Rows from before keep a NULL hash: their client-chosen tokens are no longer accepted.
ALTER TABLE users ADD COLUMN secret_hash VARCHAR(64);
