-- Accounts (docs/chat.md, "Accounts"): a user may have many sessions (one per device or browser), each a token
-- of its own that can be revoked, and may secure the nickname with a password to sign in on another device.
-- sessions holds what users.token and users.secret_hash held for one token: the token's public selector and
-- the SHA-256 of its secret half, never the token. Existing tokens move over and keep working; users.token
-- stays as the first session's selector (the primary key), and is no longer read.
CREATE TABLE sessions (
    selector    VARCHAR(64) PRIMARY KEY,
    nickname    VARCHAR(32) NOT NULL,
    secret_hash VARCHAR(64) NOT NULL,
    created_at  BIGINT      NOT NULL
);
CREATE INDEX sessions_nickname ON sessions (nickname);
INSERT INTO sessions (selector, nickname, secret_hash, created_at)
    SELECT token, nickname, secret_hash, created_at FROM users WHERE secret_hash IS NOT NULL;
-- The Argon2id hash of the user's password as a PHC string ($argon2id$v=19$m=...,t=...,p=...$salt$hash),
-- NULL for a guest (a nickname without a password).
ALTER TABLE users ADD COLUMN password_hash VARCHAR(255);
