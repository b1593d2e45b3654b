package dev.parley.chat.store;

/**
 * A stored message: in a room ({@code room} set) or private ({@code recipient} set). {@code id} and
 * {@code createdAt} are assigned by the server; {@code clientId} is the sender's own id for the message,
 * which makes a resend idempotent. {@code editedAt} is the time of the latest edit (null if never edited);
 * a deleted message ({@code deletedAt} set, by {@code deletedBy}: its author or a moderator) is a tombstone
 * with an empty text and no file.
 */
public record ChatMessage(long id, String clientId, String sender, String room, String recipient, String text,
        String fileId, long createdAt, Long deliveredAt, Long readAt, Long editedAt, Long deletedAt, String deletedBy) {

    /** A message never edited nor deleted. */
    public ChatMessage(long id, String clientId, String sender, String room, String recipient, String text,
            String fileId, long createdAt, Long deliveredAt, Long readAt) {
        this(id, clientId, sender, room, recipient, text, fileId, createdAt, deliveredAt, readAt, null, null, null);
    }

    public boolean isPrivate() {
        return recipient != null;
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }
}
