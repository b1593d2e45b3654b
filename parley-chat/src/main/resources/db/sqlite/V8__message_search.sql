-- Message search (docs/chat.md, "Search"): an FTS5 index of message texts. It is an external-content table
-- (content='messages'): it stores only the index, the texts stay in messages, and the triggers below keep it
-- in step with every insert, edit (UPDATE OF body) and delete. unicode61 folds case and, with
-- remove_diacritics 2, accents ("cafe" finds "Café"); it splits on anything that is not a letter or a digit.
-- A later migration that rebuilds the messages table (as V4 did) must create these triggers again and end
-- with the 'rebuild' below, since dropping a table drops its triggers.
CREATE VIRTUAL TABLE messages_fts USING fts5(
    body,
    content = 'messages',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
END;

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;

CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
END;

-- The messages stored before this version: indexed from the content table.
INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
