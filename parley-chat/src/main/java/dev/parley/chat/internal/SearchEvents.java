package dev.parley.chat.internal;

import dev.parley.chat.ChatConfig;
import dev.parley.chat.ChatSearchConfig;
import dev.parley.chat.cluster.PresenceRegistry;
import dev.parley.chat.cluster.UserRateLimit;
import dev.parley.chat.store.ChatMessage;
import dev.parley.chat.store.ChatStore;
import dev.parley.chat.store.MessageSearch;
import dev.parley.socketio.EventArgs;
import dev.parley.socketio.SocketIoSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Message search and the history around a found message (docs/chat.md, "Search"): the events {@code search},
 * {@code history:around} and {@code history:newer}. A user finds and opens only what they may read anyway: the
 * messages of the rooms they are in now and of their own private conversations. Handlers run on Socket.IO's
 * handler threads (they call the blocking store).
 */
public final class SearchEvents {
    /** Messages on each side of the one opened by {@code history:around}: half a history page. */
    static final int AROUND = ChatConfig.HISTORY_PAGE / 2;

    private final ChatStore store;
    private final ChatSearchConfig limits;
    private final PresenceRegistry presence;
    private final UnaryOperator<String> resolve;
    private final UserRateLimit searches;

    /**
     * @param resolve the claimed nickname someone means by a name (case and look-alikes aside), or null
     * @param searches the users' searches, {@link ChatSearchConfig#limit()} a window (the cluster's, on several nodes)
     */
    public SearchEvents(ChatStore store, ChatSearchConfig limits, PresenceRegistry presence, UnaryOperator<String> resolve,
            UserRateLimit searches) {
        this.store = store;
        this.limits = limits;
        this.presence = presence;
        this.resolve = resolve;
        this.searches = searches;
    }

    /** Registers the events on a connection of user {@code me}, each a read of the user's budget. */
    public void install(SocketIoSocket socket, String me, ReadBudget reads) {
        reads.on(socket, me, "search", args -> search(me, args));
        reads.on(socket, me, "history:around", args -> around(me, args));
        reads.on(socket, me, "history:newer", args -> newer(me, args));
    }

    /**
     * {@code search {q, room?, with?, before?}}: {@code {results: [{message, room | with, snippet}], next}},
     * newest first; {@code next} is the {@code before} of the next page, null on the last.
     */
    private void search(String me, EventArgs args) {
        Payload p = Payload.of(args.get(0));
        Map<String, Object> refused = checkQuery(me, p.string("q"));
        if (refused != null) {
            args.ack(refused);
            return;
        }
        List<String> words = SearchText.words(p.string("q"));
        if (words.size() > limits.maxWords()) {
            args.ack(error("invalid_query", "Too many words: at most " + limits.maxWords()));
            return;
        }
        if (p.string("room") != null && p.string("with") != null) {
            args.ack(error("invalid_query", "Search one room or one conversation, not both"));
            return;
        }
        Map<String, Object> answer = ok();
        if (words.isEmpty()) {
            // Only punctuation (", *, NEAR(, ...): there is no word to find.
            answer.put("results", List.of());
            answer.put("next", null);
            args.ack(answer);
            return;
        }
        MessageSearch scope = scope(me, p, words);
        if (scope == null) {
            args.ack(p.string("room") != null ? notInRoom() : unknown(p.string("with")));
            return;
        }
        List<ChatMessage> found = store.search(scope);
        boolean more = found.size() > limits.pageSize();
        List<Map<String, Object>> results = new ArrayList<>();
        for (ChatMessage m : more ? found.subList(0, limits.pageSize()) : found) {
            results.add(result(me, m, words));
        }
        answer.put("results", results);
        answer.put("next", more ? found.get(limits.pageSize() - 1).id() : null);
        args.ack(answer);
    }

    /** The refusal of a query (rate, emptiness, length), or null if it may run. */
    private Map<String, Object> checkQuery(String me, String q) {
        if (!searches.tryAcquire(me)) {
            Map<String, Object> refused = error("rate_limited", String.format(Locale.ROOT,
                    "You are searching too fast: at most %d searches per %d s", limits.limit(), limits.window().toSeconds()));
            refused.put("retryAfter", Math.max(1, searches.retryAfter(me).toMillis()));
            return refused;
        }
        if (q == null || q.isBlank()) {
            return error("invalid_query", "Type something to search for");
        }
        int length = q.codePointCount(0, q.length());
        if (length > limits.maxQueryLength()) {
            return error("invalid_query", String.format(Locale.ROOT, "Too long: %,d characters, %,d characters max",
                    length, limits.maxQueryLength()));
        }
        return null;
    }

    /**
     * What the user may find: one room they are in ({@code room}), one conversation ({@code with}), or all the
     * rooms they are in and all their conversations. Null if the room or the person named is not theirs.
     */
    private MessageSearch scope(String me, Payload p, List<String> words) {
        long before = p.number("before", 0);
        int limit = limits.pageSize() + 1; // one more: is there a next page?
        if (p.string("room") != null) {
            String room = Nicknames.room(p.string("room"));
            return room != null && presence.inRoom(me, room)
                    ? new MessageSearch(words, me, Set.of(room), false, null, before, limit) : null;
        }
        if (p.string("with") != null) {
            String with = person(p.string("with"));
            return with != null ? new MessageSearch(words, me, Set.of(), true, with, before, limit) : null;
        }
        return new MessageSearch(words, me, presence.roomNamesOf(me), true, null, before, limit);
    }

    private Map<String, Object> result(String me, ChatMessage m, List<String> words) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("message", MessageViews.of(m, store));
        if (m.room() != null) {
            result.put("room", m.room());
        } else {
            result.put("with", m.sender().equals(me) ? m.recipient() : m.sender());
        }
        List<Map<String, Object>> parts = new ArrayList<>();
        for (SearchText.Part part : SearchText.snippet(m.text(), words, limits.snippetLength())) {
            parts.add(Map.of("text", part.text(), "match", part.match()));
        }
        result.put("snippet", parts);
        return result;
    }

    /**
     * {@code history:around {room | with, id}}: the message and up to {@value #AROUND} messages on each side,
     * oldest first, {@code {messages, hasOlder, hasNewer}}; older pages come from {@code history} or
     * {@code private:history} ({@code before}), newer ones from {@code history:newer}.
     */
    private void around(String me, EventArgs args) {
        Payload p = Payload.of(args.get(0));
        long id = p.number("id", -1);
        Conversation c = conversation(me, p);
        if (c.refusal != null) {
            args.ack(c.refusal);
            return;
        }
        // The message itself first: the answer's first newer message from just before it.
        List<ChatMessage> newer = id <= 0 ? List.of() : after(me, c, id - 1, AROUND + 2);
        if (newer.isEmpty() || newer.get(0).id() != id) {
            args.ack(error("not_found", "That message is not in this conversation"));
            return;
        }
        List<ChatMessage> older = c.room != null ? store.roomHistory(c.room, id, AROUND + 1)
                : store.conversation(me, c.with, id, AROUND + 1);
        boolean hasOlder = older.size() > AROUND;
        boolean hasNewer = newer.size() > AROUND + 1;
        List<ChatMessage> page = new ArrayList<>(hasOlder ? older.subList(1, older.size()) : older);
        page.addAll(hasNewer ? newer.subList(0, AROUND + 1) : newer);
        Map<String, Object> answer = ok();
        answer.put("messages", MessageViews.of(page, store));
        answer.put("hasOlder", hasOlder);
        answer.put("hasNewer", hasNewer);
        args.ack(answer);
    }

    /** {@code history:newer {room | with, after}}: a history page of messages newer than {@code after}, oldest first. */
    private void newer(String me, EventArgs args) {
        Payload p = Payload.of(args.get(0));
        Conversation c = conversation(me, p);
        if (c.refusal != null) {
            args.ack(c.refusal);
            return;
        }
        List<ChatMessage> newer = after(me, c, Math.max(0, p.number("after", 0)), ChatConfig.HISTORY_PAGE + 1);
        boolean hasNewer = newer.size() > ChatConfig.HISTORY_PAGE;
        Map<String, Object> answer = ok();
        answer.put("messages", MessageViews.of(hasNewer ? newer.subList(0, ChatConfig.HISTORY_PAGE) : newer, store));
        answer.put("hasNewer", hasNewer);
        args.ack(answer);
    }

    private List<ChatMessage> after(String me, Conversation c, long afterId, int limit) {
        return c.room != null ? store.roomMessagesAfter(c.room, afterId, limit)
                : store.conversationAfter(me, c.with, afterId, limit);
    }

    /** A room the user is in or a person they may write to, or why not. */
    private record Conversation(String room, String with, Map<String, Object> refusal) {
    }

    private Conversation conversation(String me, Payload p) {
        if (p.string("room") != null) {
            String room = Nicknames.room(p.string("room"));
            return room != null && presence.inRoom(me, room) ? new Conversation(room, null, null)
                    : new Conversation(null, null, notInRoom());
        }
        String with = person(p.string("with"));
        return with != null ? new Conversation(null, with, null) : new Conversation(null, null, unknown(p.string("with")));
    }

    /** The claimed nickname meant by {@code name}, if it is someone else's. */
    private String person(String name) {
        String named = Nicknames.normalize(name);
        return named == null || named.isEmpty() ? null : resolve.apply(named);
    }

    private static Map<String, Object> notInRoom() {
        return error("not_in_room", "Join the room first");
    }

    private static Map<String, Object> unknown(String name) {
        return error("unknown_recipient", "Nobody is called \"" + name + "\"");
    }

    private static Map<String, Object> ok() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", true);
        return m;
    }

    private static Map<String, Object> error(String code, String message) {
        Map<String, Object> m = ok();
        m.put("ok", false);
        m.put("code", code);
        m.put("error", message);
        return m;
    }
}
