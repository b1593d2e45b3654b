package dev.parley.chat.store;

/**
 * One of a user's private conversations: the other person, the id of its latest message (either way), and
 * how many messages to the user in it are not read yet (their stored read marks).
 */
public record Conversation(String with, long lastId, int unread) {
}
