package dev.parley.chat.store;

/** How many messages of a room mention a user and are not read by them yet (their stored read marks). */
public record MentionCount(String room, int unread) {
}
