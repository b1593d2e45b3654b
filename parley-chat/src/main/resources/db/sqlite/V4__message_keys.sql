-- Idempotency keys are per conversation (docs/chat.md, "Events"): a clientId used in a private message may be
-- used again in a room, and vice versa. SQLite cannot drop the old UNIQUE (sender, client_id) constraint,
-- so the table is rebuilt with the same columns and ids (AUTOINCREMENT continues after the largest id).
CREATE TABLE messages_v4 (
    id           ${identity_key},
    client_id    VARCHAR(64) NOT NULL,
    sender       VARCHAR(32) NOT NULL,
    room         VARCHAR(64),
    recipient    VARCHAR(32),
    body         TEXT        NOT NULL,
    file_id      VARCHAR(64),
    created_at   BIGINT      NOT NULL,
    delivered_at BIGINT,
    read_at      BIGINT
);
INSERT INTO messages_v4 (id, client_id, sender, room, recipient, body, file_id, created_at, delivered_at, read_at)
    SELECT id, client_id, sender, room, recipient, body, file_id, created_at, delivered_at, read_at FROM messages;
DROP TABLE messages;
ALTER TABLE messages_v4 RENAME TO messages;
CREATE INDEX messages_room ON messages (room, id);
CREATE INDEX messages_recipient ON messages (recipient, delivered_at);
CREATE UNIQUE INDEX messages_client_key ON messages (sender, client_id, COALESCE(room, ''), COALESCE(recipient, ''));
