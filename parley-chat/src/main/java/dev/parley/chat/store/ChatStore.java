package dev.parley.chat.store;

import java.util.List;
import java.util.Optional;

/**
 * Persistence of the chat: users, rooms, messages, pending private messages and file metadata. Calls block
 * (JDBC): never call them on a network event loop. Thread-safe.
 */
public interface ChatStore extends AutoCloseable {
    /**
     * The user whose session token has this selector (its public half), if any: the nickname and the stored
     * hash of the token's secret half (null for a user registered before tokens were issued by the server).
     */
    /**
     * Checks that the database answers now (a health check): borrows a connection and asks the driver whether
     * it is valid, waiting at most {@code timeoutSeconds}. Throws if it is not.
     */
    void probe(int timeoutSeconds);

    Optional<Credential> credential(String selector);

    /**
     * Gives {@code nickname} to a new session token: its selector and the hash of its secret. False if the
     * nickname (case-insensitively) or the selector belongs to someone already.
     */
    boolean claimNickname(String selector, String secretHash, String nickname);

    void ensureRoom(String room);

    List<String> rooms();

    /**
     * Stores a message and returns it with its id and time. Idempotent per (sender, clientId): storing the
     * same message again returns the first one.
     */
    ChatMessage save(String clientId, String sender, String room, String recipient, String text, String fileId, long now);

    /** Up to {@code limit} messages of a room older than {@code beforeId} (0: the newest), oldest first. */
    List<ChatMessage> roomHistory(String room, long beforeId, int limit);

    /** Messages of a room newer than {@code afterId}, oldest first, at most {@code limit}. */
    List<ChatMessage> roomMessagesAfter(String room, long afterId, int limit);

    /** Private messages between two users older than {@code beforeId} (0: the newest), oldest first. */
    List<ChatMessage> conversation(String a, String b, long beforeId, int limit);

    /** Private messages to {@code recipient} not yet delivered to any of their tabs, oldest first. */
    List<ChatMessage> undelivered(String recipient);

    Optional<ChatMessage> message(long id);

    /** Marks a message delivered; true the first time. */
    boolean markDelivered(long id, long now);

    /** Marks a message read; true the first time. */
    boolean markRead(long id, long now);

    void saveFile(FileMeta file);

    Optional<FileMeta> file(String id);

    @Override
    void close();
}
