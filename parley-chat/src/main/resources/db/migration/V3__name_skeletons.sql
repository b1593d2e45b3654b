-- Look-alike names (docs/chat.md, "Names"): each user and room keeps the UTS #39 confusable skeleton of its
-- name, unique, so that "аlice" (Cyrillic а) cannot be claimed beside "alice", even by two racing
-- registrations. Rows from before are filled in by the application at start (JdbcChatStore.fillSkeletons),
-- oldest first; a row whose skeleton another already has keeps NULL (both names stay usable, no new
-- look-alike of either can be claimed).
ALTER TABLE users ADD COLUMN skeleton VARCHAR(1024);
ALTER TABLE rooms ADD COLUMN skeleton VARCHAR(1024);
CREATE UNIQUE INDEX users_skeleton ON users (skeleton);
CREATE UNIQUE INDEX rooms_skeleton ON rooms (skeleton);
