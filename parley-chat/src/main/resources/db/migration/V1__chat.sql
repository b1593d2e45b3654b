-- One schema for every database; ${identity_key} is the vendor's auto-increment primary key (see JdbcChatStore).
CREATE TABLE users (
    token      VARCHAR(64) PRIMARY KEY,
    nickname   VARCHAR(32) NOT NULL UNIQUE,
    created_at BIGINT      NOT NULL
);
CREATE TABLE rooms (
    name       VARCHAR(64) PRIMARY KEY,
    created_at BIGINT      NOT NULL
);
CREATE TABLE files (
    id           VARCHAR(64)  PRIMARY KEY,
    name         VARCHAR(255) NOT NULL,
    content_type VARCHAR(100) NOT NULL,
    size         BIGINT       NOT NULL,
    uploader     VARCHAR(32)  NOT NULL,
    created_at   BIGINT       NOT NULL
);
CREATE TABLE messages (
    id           ${identity_key},
    client_id    VARCHAR(64) NOT NULL,
    sender       VARCHAR(32) NOT NULL,
    room         VARCHAR(64),
    recipient    VARCHAR(32),
    body         TEXT        NOT NULL,
    file_id      VARCHAR(64),
    created_at   BIGINT      NOT NULL,
    delivered_at BIGINT,
    read_at      BIGINT,
    UNIQUE (sender, client_id)
);
CREATE INDEX messages_room ON messages (room, id);
CREATE INDEX messages_recipient ON messages (recipient, delivered_at);
