package dev.parley.chat.store;

/**
 * A stored message: in a room ({@code room} set) or private ({@code recipient} set). {@code id} and
 * {@code createdAt} are assigned by the server; {@code clientId} is the sender's own id for the message,
 * which makes a resend idempotent.
 */
public record ChatMessage(long id, String clientId, String sender, String room, String recipient, String text,
        String fileId, long createdAt, Long deliveredAt, Long readAt) {

    public boolean isPrivate() {
        return recipient != null;
    }
}
