package dev.parley.chat.internal;

import static dev.parley.chat.internal.ChatEvents.error;
import static dev.parley.chat.internal.ChatEvents.nick;
import static dev.parley.chat.internal.ChatEvents.ok;

import dev.parley.chat.ChatConfig;
import dev.parley.chat.cluster.PresenceRegistry;
import dev.parley.chat.store.ChatMessage;
import dev.parley.chat.store.ChatStore;
import dev.parley.socketio.EventArgs;
import dev.parley.socketio.SocketIoServer;
import dev.parley.socketio.SocketIoSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Editing and deleting messages (docs/chat.md, "Editing and deleting"): {@code message:edit} and
 * {@code message:delete} from the author (a moderator may delete any room message), each answered with the
 * message as it now is and sent to the conversation as {@code message:change}; {@code changes} pages what
 * changed since a time, for a client coming back. A request that changes nothing (the same text again, a message
 * deleted already) is answered the same and sent to no one: a resend after a reconnect is harmless. Handlers run
 * on Socket.IO's handler threads and may block on the store.
 */
final class MessageEdits {
    private final SocketIoServer io;
    private final ChatStore store;
    private final PresenceRegistry presence;
    private final MessageRules rules;
    private final Moderators moderators;
    private final UnaryOperator<String> resolve;
    private final Path filesDir;
    private final MentionEvents mentions;
    private final int maxPageBytes;

    /**
     * @param resolve the claimed nickname someone means by a name, or null if nobody has claimed it
     * @param filesDir where uploaded files are kept: a deleted message's file is deleted with it
     * @param mentions an edited room message mentions whom its new text names, a deleted one nobody
     * @param maxPageBytes the most bytes of messages in a {@code changes} page ({@code ChatConfig.maxPageBytes})
     */
    MessageEdits(SocketIoServer io, ChatStore store, PresenceRegistry presence, MessageRules rules, Moderators moderators,
            UnaryOperator<String> resolve, Path filesDir, MentionEvents mentions, int maxPageBytes) {
        this.maxPageBytes = maxPageBytes;
        this.mentions = mentions;
        this.filesDir = filesDir;
        this.io = io;
        this.store = store;
        this.presence = presence;
        this.rules = rules;
        this.moderators = moderators;
        this.resolve = resolve;
    }

    /** The events of one connection; {@code changes} is a read of the user's budget. */
    void install(SocketIoSocket socket, ReadBudget reads) {
        socket.on("message:edit", args -> edit(socket, args));
        socket.on("message:delete", args -> delete(socket, args));
        reads.on(socket, nick(socket), "changes", args -> changes(socket, args));
    }

    private void edit(SocketIoSocket socket, EventArgs args) {
        String me = nick(socket);
        Payload p = Payload.of(args.get(0));
        ChatMessage m = visible(me, p.number("id", -1));
        String text = p.string("text") == null ? "" : p.string("text").strip();
        Map<String, Object> refused = editRefusal(me, m, text);
        // A room message's mentions, bounded as a new message's, looked up only for an edit that passed the rules.
        MentionEvents.Found found = refused == null && m.room() != null ? mentions.find(me, text) : null;
        if (found != null && found.refusal() != null) {
            refused = found.refusal();
        }
        if (refused != null) {
            args.ack(refused);
            return;
        }
        boolean changed = store.editMessage(m.id(), text, System.currentTimeMillis());
        ChatMessage now = store.message(m.id()).orElseThrow();
        // Deleted between the check and the edit: the deletion stands.
        if (now.isDeleted()) {
            args.ack(deleted());
            return;
        }
        answer(args, now, changed, found == null ? null : found.people());
    }

    /** Why this edit is refused, or null. The same text again passes without counting: a resend changes nothing. */
    private Map<String, Object> editRefusal(String me, ChatMessage m, String text) {
        if (m == null) {
            return unknown();
        }
        if (!m.sender().equals(me)) {
            return error("not_allowed", "You can only edit your own messages");
        }
        if (m.isDeleted()) {
            return deleted();
        }
        if (m.text().equals(text)) {
            return null;
        }
        // The same rules as a new message: length, characters, and the rate limit.
        Map<String, Object> problem = rules.textProblem(text, m.fileId() != null);
        return problem != null ? problem : rules.rateProblem(me);
    }

    private void delete(SocketIoSocket socket, EventArgs args) {
        String me = nick(socket);
        ChatMessage m = visible(me, Payload.of(args.get(0)).number("id", -1));
        Map<String, Object> refused = m == null ? unknown()
                : !mayDelete(me, m) ? error("not_allowed", moderators.isModerator(me)
                        ? "Moderators delete room messages; a private message only its author"
                        : "You can only delete your own messages")
                : m.isDeleted() ? null
                : rules.rateProblem(me);
        if (refused != null) {
            args.ack(refused);
            return;
        }
        boolean changed = store.deleteMessage(m.id(), me, System.currentTimeMillis());
        // Its file goes with it, unless another message carries it too (whoever knows a file's id may send it).
        if (changed && m.fileId() != null && !store.fileInUse(m.fileId())) {
            UploadRetention.delete(store, filesDir, m.fileId());
        }
        // A tombstone mentions nobody: its mentions are no longer unread for anyone.
        answer(args, store.message(m.id()).orElseThrow(), changed, m.room() == null ? null : List.of());
    }

    /**
     * The author deletes their own messages; a moderator any message of a room, not private ones (they cannot read
     * them) nor announcements to everyone (the operator's, with the push token).
     */
    private boolean mayDelete(String me, ChatMessage m) {
        return m.sender().equals(me) || (m.room() != null && moderators.isModerator(me));
    }

    /**
     * Acks the message as it is now; if the request changed it, its room message's mentions become {@code mentioned}
     * (null: a private message, which mentions nobody) and the conversation gets it too.
     */
    private void answer(EventArgs args, ChatMessage now, boolean changed, List<String> mentioned) {
        Map<String, Object> view = changed && mentioned != null ? mentions.edited(MessageViews.of(now, store), now.room(),
                mentioned) : MessageViews.of(List.of(now), store).get(0);
        Map<String, Object> answer = ok();
        answer.put("message", view);
        args.ack(answer);
        if (!changed) {
            return;
        }
        // Every tab of everyone in it, the author's included (a client replaces the message by id: no harm twice).
        if (now.room() != null) {
            io.to(ChatEvents.roomKey(now.room())).emit("message:change", view);
        } else {
            io.to(ChatEvents.userRoom(now.sender()), ChatEvents.userRoom(now.recipient())).emit("message:change", view);
        }
    }

    /**
     * {@code changes {room | with, since, after?}}: up to {@link ChatConfig#SYNC_PAGE} messages (and
     * {@link ChatConfig#maxPageBytes()} of them) of a room the user
     * is in, or of their private conversation with {@code with}, edited or deleted after the cursor (the change's
     * time {@code since}, epoch ms, then id {@code after} among changes at that time), oldest change first, with
     * {@code hasMore} and {@code next}, the cursor of the following page, or null on the last.
     */
    private void changes(SocketIoSocket socket, EventArgs args) {
        String me = nick(socket);
        Payload p = Payload.of(args.get(0));
        long since = p.number("since", 0);
        long after = p.number("after", 0);
        // One more than a page: whether there are more is known, not guessed from a full page.
        List<ChatMessage> found;
        if (p.string("room") != null) {
            String room = Nicknames.room(p.string("room"));
            if (room == null || !presence.inRoom(me, room)) {
                args.ack(error("not_in_room", "Join the room first"));
                return;
            }
            found = store.roomChanges(room, since, after, ChatConfig.SYNC_PAGE + 1);
        } else {
            String named = Nicknames.normalize(p.string("with"));
            String with = named == null || named.isEmpty() ? null : resolve.apply(named);
            if (with == null) {
                args.ack(error("unknown_recipient", "Nobody is called \"" + named + "\""));
                return;
            }
            found = store.conversationChanges(me, with, since, after, ChatConfig.SYNC_PAGE + 1);
        }
        BytePages.Page page = BytePages.cut(MessageViews.of(found, store), ChatConfig.SYNC_PAGE, maxPageBytes);
        Map<String, Object> answer = ok();
        answer.put("messages", page.views());
        answer.put("hasMore", page.hasMore());
        ChatMessage last = page.hasMore() ? found.get(page.views().size() - 1) : null;
        answer.put("next", last == null ? null
                : Map.of("since", last.isDeleted() ? last.deletedAt() : last.editedAt(), "after", last.id()));
        args.ack(answer);
    }

    /** The message if this user may know of it: any room message or announcement, their own private ones. */
    private ChatMessage visible(String me, long id) {
        ChatMessage m = store.message(id).orElse(null);
        if (m == null || (m.isPrivate() && !m.sender().equals(me) && !m.recipient().equals(me))) {
            return null;
        }
        return m;
    }

    private static Map<String, Object> unknown() {
        return error("unknown_message", "There is no such message");
    }

    private static Map<String, Object> deleted() {
        return error("message_deleted", "That message was deleted");
    }
}
