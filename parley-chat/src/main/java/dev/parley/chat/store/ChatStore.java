package dev.parley.chat.store;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

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
     * nickname (case-insensitively), a look-alike of it (the same {@code skeleton}) or the selector belongs
     * to someone already. A guest: no password.
     */
    default boolean claimNickname(String selector, String secretHash, String nickname, String skeleton) {
        return claimNickname(selector, secretHash, nickname, skeleton, null);
    }

    /**
     * The claimed nicknames with this skeleton or equal to {@code nickname} ignoring ASCII case: the candidates
     * for the user someone means by {@code nickname} (the caller picks the one with the same case-folded name).
     */
    List<String> nicknamesLike(String nickname, String skeleton);

    /** What {@link #claimRoom} did. */
    enum RoomClaim {
        /** The room was there. */
        EXISTS,
        /** The room is new. */
        CREATED,
        /** Another room has the same skeleton: nothing was created. */
        LOOKALIKE,
        /** The server has its maximum number of rooms: nothing was created. */
        FULL
    }

    /** Creates a room unless it exists, a look-alike exists, or there are {@code maxRooms} rooms already. */
    RoomClaim claimRoom(String room, String skeleton, int maxRooms);

    boolean roomExists(String room);

    /**
     * Up to {@code limit} rooms other than {@code keep} created before {@code createdBefore} (epoch ms) that have
     * no message: the candidates for expiry.
     */
    List<String> idleRooms(long createdBefore, String keep, int limit);

    /**
     * Deletes a room if it still has no message and was created (or last kept by {@link #keepRoom}) before
     * {@code createdBefore}, epoch ms; true if it was deleted.
     */
    boolean deleteIdleRoom(String room, long createdBefore);

    /**
     * Stores the skeleton of every user and room stored before skeletons were (oldest first); one whose
     * skeleton an older one has keeps none. Idempotent; run at start.
     */
    void fillSkeletons(UnaryOperator<String> nicknameSkeleton, UnaryOperator<String> roomSkeleton);

    List<String> rooms();

    /**
     * Stores a message and returns it with its id and time. Idempotent per (sender, clientId, conversation),
     * the conversation being the room, or the recipient, or neither (an announcement to everyone): storing the
     * same message again returns the first one; the same clientId elsewhere is another message.
     */
    ChatMessage save(String clientId, String sender, String room, String recipient, String text, String fileId, long now);

    /** Up to {@code limit} messages of a room older than {@code beforeId} (0: the newest), oldest first. */
    List<ChatMessage> roomHistory(String room, long beforeId, int limit);

    /** Messages of a room newer than {@code afterId}, oldest first, at most {@code limit}. */
    List<ChatMessage> roomMessagesAfter(String room, long afterId, int limit);

    /** Private messages between two users older than {@code beforeId} (0: the newest), oldest first. */
    List<ChatMessage> conversation(String a, String b, long beforeId, int limit);

    /**
     * Up to {@code limit} of the user's private conversations whose latest message is older than {@code beforeId}
     * (0: from the newest), the most recently active first; the same messages as {@link #conversation} (only
     * those written since the recipient claimed the name).
     */
    List<Conversation> conversations(String user, long beforeId, int limit);

    /**
     * Private messages to {@code recipient} not yet delivered to any of their tabs, oldest first; only those
     * written since the recipient claimed the name (the same holds for {@link #conversation}).
     */
    List<ChatMessage> undelivered(String recipient);

    /** Announcements to everyone (no room, no recipient) older than {@code beforeId} (0: the newest), oldest first. */
    List<ChatMessage> announcements(long beforeId, int limit);

    Optional<ChatMessage> message(long id);

    /** Marks a message delivered; true the first time. */
    boolean markDelivered(long id, long now);

    /** Marks a message read; true the first time. */
    boolean markRead(long id, long now);

    void saveFile(FileMeta file);

    Optional<FileMeta> file(String id);

    /** Up to {@code limit} ids of files uploaded before {@code createdBefore} (epoch ms), oldest first. */
    List<String> filesUploadedBefore(long createdBefore, int limit);

    /** Forgets a file's metadata (its messages stay, without the file). */
    void deleteFile(String id);

    /** The bytes of every file the user uploaded (their upload quota's use). */
    long uploadedBytes(String uploader);

    @Override
    void close();

    /**
     * Records that a room message mentions these users (unread by them). Idempotent: a message's mentions are
     * recorded once, whatever the number of calls (a resend of the same message).
     */
    void saveMentions(long messageId, String room, List<String> nicknames);

    /** The users each of these messages mentions (messages without one are absent). */
    java.util.Map<Long, List<String>> mentionsOf(List<Long> messageIds);

    /** Per room, how many messages mention {@code nickname} and are not read by them; rooms without any absent. */
    List<MentionCount> unreadMentions(String nickname);

    /** Marks read the mentions of {@code nickname} in a room up to message {@code upToId}; how many it marked. */
    int markMentionsRead(String nickname, String room, long upToId, long now);

    // ---- accounts (docs/chat.md, "Accounts") ----

    /**
     * Like {@link #claimNickname(String, String, String, String)}, secured by {@code passwordHash} (a PHC string),
     * or a guest if it is null.
     */
    boolean claimNickname(String selector, String secretHash, String nickname, String skeleton, String passwordHash);

    /** The password hash of the user with exactly this nickname; empty for a guest or an unclaimed nickname. */
    Optional<String> passwordHash(String nickname);

    /** Sets or replaces the password hash of the user with exactly this nickname. */
    void setPasswordHash(String nickname, String passwordHash);

    /** Gives the user another session (a device that signed in): its token's selector and secret hash. */
    void addSession(String selector, String secretHash, String nickname, long now);

    /** Deletes every session of the user ("sign out everywhere"); returns how many there were. */
    int revokeSessions(String nickname);

    /**
     * Replaces the text of a message that is not deleted and stamps the edit ({@code now}, epoch ms); false if the
     * message is deleted, absent, or already has this text (nothing changed).
     */
    boolean editMessage(long id, String text, long now);

    /**
     * Makes a message a tombstone: its text and file are dropped, the deletion and {@code by} (the author or a
     * moderator) stored; false if it was deleted already or is absent.
     */
    boolean deleteMessage(long id, String by, long now);

    /**
     * Up to {@code limit} messages of a room edited or deleted after the cursor ({@code since}, epoch ms of the
     * latest change, then {@code afterId} among changes at that time), ordered by change time then id.
     */
    List<ChatMessage> roomChanges(String room, long since, long afterId, int limit);

    /** The same as {@link #roomChanges} for the private conversation between two users. */
    List<ChatMessage> conversationChanges(String a, String b, long since, long afterId, int limit);

    /** Whether a message still carries this file (a deleted one does not). */
    boolean fileInUse(String fileId);

    /**
     * The messages matching a search among those it may see ({@link MessageSearch}), newest first; none if it
     * has no scope.
     */
    List<ChatMessage> search(MessageSearch search);

    /** Private messages between two users newer than {@code afterId}, oldest first, at most {@code limit}. */
    List<ChatMessage> conversationAfter(String a, String b, long afterId, int limit);

    /**
     * Makes a room message mention exactly these users (docs/chat.md, "Mentions", an edit): the mentions of others are
     * removed, read or not; those kept keep their read mark; the new ones are recorded unread. Returns the new ones.
     */
    List<String> replaceMentions(long messageId, String room, List<String> nicknames);

    /**
     * Someone joined the room at {@code now} (epoch ms): if its time (creation, or the last join kept) is before
     * {@code staleBefore}, it becomes {@code now}, so that an expiry that counted the room's members before this join
     * cannot delete it. False if the room is gone (deleted by an expiry meanwhile).
     */
    boolean keepRoom(String room, long now, long staleBefore);
}
