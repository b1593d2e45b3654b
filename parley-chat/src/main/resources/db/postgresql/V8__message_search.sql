-- Message search (docs/chat.md, "Search"): a GIN index on the text search vector of each message's text. An
-- expression index, not a stored column: nothing to keep in step (edits and deletes update it as any index),
-- no table rewrite, and existing messages are indexed by its creation. Queries must use the very same
-- expression, to_tsvector('simple', body) (JdbcChatStore's search). The 'simple' configuration lower-cases and
-- splits words without stemming or stop words: language-neutral, so a chat in any language is searchable, at
-- the price of "deploy" not finding "deploying" (the chat searches by word prefix, which finds it anyway).
CREATE INDEX messages_search ON messages USING GIN (to_tsvector('simple', body));
