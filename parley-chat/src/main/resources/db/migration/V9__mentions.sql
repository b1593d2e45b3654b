-- Mentions (docs/chat.md, "Mentions"): who a room message names with @nick, recognised by the server when it is
-- stored, and whether the person named has read it yet. A room has no per-user read marks otherwise, and a mention
-- must count as unread for its person after a reload however busy the room is.
CREATE TABLE mentions (
    message_id BIGINT      NOT NULL,
    nickname   VARCHAR(32) NOT NULL,
    room       VARCHAR(64) NOT NULL,
    read_at    BIGINT,
    PRIMARY KEY (message_id, nickname)
);
CREATE INDEX mentions_unread ON mentions (nickname, room, read_at);
