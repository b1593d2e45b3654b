-- Idempotency keys are per conversation (docs/chat.md, "Events"): a clientId used in a private message may be
-- used again in a room, and vice versa. (The SQLite version rebuilds the table instead.)
ALTER TABLE messages DROP CONSTRAINT messages_sender_client_id_key;
CREATE UNIQUE INDEX messages_client_key ON messages (sender, client_id, COALESCE(room, ''), COALESCE(recipient, ''));
