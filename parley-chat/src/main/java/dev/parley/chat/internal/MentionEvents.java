package dev.parley.chat.internal;

import dev.parley.chat.store.ChatStore;
import dev.parley.chat.store.MentionCount;
import dev.parley.socketio.EventArgs;
import dev.parley.socketio.SocketIoServer;
import dev.parley.socketio.SocketIoSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mentions of the chat (docs/chat.md, "Mentions"): the server recognises {@code @nick} in a room message when it
 * is sent ({@link Mentions}), refuses more than {@code maxMentions} names in one, stores whom it mentions with
 * the message (sent as its {@code mentions}, live and in history), keeps each mention unread for its person
 * until they read it in that room ({@code mentions:read}), and tells the person's tabs that are not in the room
 * ({@code mention}). Handlers run on Socket.IO's handler threads (they call the blocking store).
 */
public final class MentionEvents {
    private final SocketIoServer io;
    private final ChatStore store;
    private final int maxMentions;

    public MentionEvents(SocketIoServer io, ChatStore store, int maxMentions) {
        this.io = io;
        this.store = store;
        this.maxMentions = maxMentions;
    }

    /** What a room message mentions: the people (sorted, never the sender), or the refusal of the message. */
    public record Found(List<String> people, Map<String, Object> refusal) {
    }

    /**
     * The people {@code text} mentions, or a refusal ({@code too_many_mentions}) if it names more than
     * {@code maxMentions} after an {@code @}, before any of them is looked up: the bound is on the work too.
     */
    public Found find(String sender, String text) {
        List<String> names = Mentions.names(text);
        if (names.size() > maxMentions) {
            Map<String, Object> refusal = new LinkedHashMap<>();
            refusal.put("ok", false);
            refusal.put("code", "too_many_mentions");
            refusal.put("error", "Too many mentions: " + names.size() + " @names, at most " + maxMentions
                    + " in a message");
            return new Found(List.of(), refusal);
        }
        List<String> people = new ArrayList<>(Mentions.resolve(names, sender, ClaimedNames.in(store)));
        people.sort(null);
        return new Found(people, null);
    }

    /**
     * A room message was stored: its mentions are recorded unread, added to its view, and the tabs of the people it
     * mentions that are not in the room get {@code mention} with it (the room's members get the message itself).
     */
    public void stored(Map<String, Object> view, String room, List<String> people) {
        if (people.isEmpty()) {
            return;
        }
        store.saveMentions(((Number) view.get("id")).longValue(), room, people);
        withMentions(view, people);
        String[] tabs = people.stream().map(ChatEvents::userRoom).toArray(String[]::new);
        io.to(tabs).except(ChatEvents.roomKey(room)).emit("mention", view);
    }

    /**
     * A room message was edited (or deleted: it mentions nobody then): it mentions {@code people} now. Whom it no
     * longer mentions loses the mention, read or not; whom it mentioned already keeps theirs as it was (read stays
     * read) and is not told again; only the newly mentioned get it unread and, in their tabs not in the room,
     * {@code mention}. Returns the view with its {@code mentions}.
     */
    public Map<String, Object> edited(Map<String, Object> view, String room, List<String> people) {
        List<String> added = store.replaceMentions(((Number) view.get("id")).longValue(), room, people);
        withMentions(view, people);
        if (!added.isEmpty()) {
            String[] tabs = added.stream().map(ChatEvents::userRoom).toArray(String[]::new);
            io.to(tabs).except(ChatEvents.roomKey(room)).emit("mention", view);
        }
        return view;
    }

    /** Adds {@code mentions} to a message's view when it mentions someone; returns the view. */
    static Map<String, Object> withMentions(Map<String, Object> view, List<String> people) {
        if (people != null && !people.isEmpty()) {
            view.put("mentions", List.copyOf(people));
        }
        return view;
    }

    /** The events of one connection: {@code mentions} and {@code mentions:read}, each a read of the user's budget. */
    public void install(SocketIoSocket socket, String me, ReadBudget reads) {
        reads.on(socket, me, "mentions", args -> args.ack(counts(me)));
        reads.onCharged(socket, me, "mentions:read", args -> read(socket, me, args));
    }

    /** {@code mentions}: per room, the messages that mention the user and that they have not read. */
    private Map<String, Object> counts(String me) {
        List<Map<String, Object>> rooms = new ArrayList<>();
        for (MentionCount c : store.unreadMentions(me)) {
            rooms.add(Map.of("room", c.room(), "unread", c.unread()));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", true);
        answer.put("rooms", rooms);
        return answer;
    }

    /**
     * {@code mentions:read {room, upTo}}: the user read the room up to message {@code upTo}; their mentions there
     * are read for good, and their other tabs get {@code mentions:read} with the room and what is left unread.
     */
    private void read(SocketIoSocket socket, String me, EventArgs args) {
        Payload p = Payload.of(args.get(0));
        String room = Nicknames.room(p.string("room"));
        long upTo = p.number("upTo", -1);
        if (room == null || upTo < 0) {
            args.ack(Map.of("ok", false, "code", "invalid_request", "error", "Say which room, and up to which message"));
            return;
        }
        int marked = store.markMentionsRead(me, room, upTo, System.currentTimeMillis());
        int left = store.unreadMentions(me).stream().filter(c -> c.room().equals(room)).mapToInt(MentionCount::unread)
                .sum();
        args.ack(Map.of("ok", true, "marked", marked, "unread", left));
        if (marked > 0) {
            io.to(ChatEvents.userRoom(me)).except(socket.id()).emit("mentions:read", Map.of("room", room, "unread", left));
        }
    }
}
