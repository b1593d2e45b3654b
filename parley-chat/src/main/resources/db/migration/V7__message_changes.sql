-- Edited and deleted messages (docs/chat.md, "Editing and deleting"). An edit replaces the body and stamps
-- edited_at; a deletion empties the body and the file (a tombstone: nothing of the text is kept) and stamps
-- deleted_at and who deleted it (the author or a moderator). changed_at is the time of the latest change, the
-- cursor of the `changes` request that a client reconnecting sends to catch up; the partial index holds only
-- the changed rows, a small part of the table.
ALTER TABLE messages ADD COLUMN edited_at BIGINT;
ALTER TABLE messages ADD COLUMN deleted_at BIGINT;
ALTER TABLE messages ADD COLUMN deleted_by VARCHAR(32);
ALTER TABLE messages ADD COLUMN changed_at BIGINT;
CREATE INDEX messages_changed ON messages (changed_at, id) WHERE changed_at IS NOT NULL;
