package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.socket.client.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Editing and deleting messages, and moderators (issue 17 §2; docs/chat.md, "Editing and deleting" and
 * "Moderators"), with the official Java Socket.IO client: who may change what, the rules an edit passes, what
 * the others receive live ({@code message:change}, proven to be the next event by a sentinel message), what
 * history and {@code changes} say afterwards, and removal from a room.
 * Runs on SQLite and on PostgreSQL ({@link ChatStoresTestBase}).
 */
class ChatEditsIT extends ChatStoresTestBase {
    private static final int MAX_LENGTH = 100;
    private static final int RATE = 8;
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected ChatConfig.Builder configure(ChatConfig.Builder builder) {
        return builder.admins(List.of("Mod")).maxMessageLength(MAX_LENGTH).rateLimit(RATE, Duration.ofMinutes(1));
    }

    private static JSONObject send(Socket socket, String room, String text) throws Exception {
        JSONObject sent = call(socket, "message:send", json("room", room, "text", text, "clientId", UUID.randomUUID().toString()));
        assertThat(sent.getBoolean("ok")).as(sent.toString()).isTrue();
        return sent.getJSONObject("message");
    }

    private static JSONObject edit(Socket socket, long id, String text) throws Exception {
        return call(socket, "message:edit", json("id", id, "text", text));
    }

    private static JSONObject delete(Socket socket, long id) throws Exception {
        return call(socket, "message:delete", json("id", id));
    }

    private static void join(Socket socket, String room) throws Exception {
        assertThat(call(socket, "room:join", json("room", room)).getBoolean("ok")).isTrue();
    }

    private static JSONArray history(Socket socket, String room) throws Exception {
        return call(socket, "history", json("room", room)).getJSONArray("messages");
    }

    /** The message with this id in a list of messages. */
    private static JSONObject byId(JSONArray messages, long id) {
        for (int i = 0; i < messages.length(); i++) {
            if (messages.optJSONObject(i).optLong("id") == id) {
                return messages.optJSONObject(i);
            }
        }
        throw new AssertionError("no message " + id + " in " + messages);
    }

    /** When a message last changed: its deletion, else its latest edit. */
    private static long changedAt(JSONObject m) {
        return m.has("deleted") ? m.optLong("deleted") : m.optLong("edited");
    }

    /** The {@code changes} request for what changed in a room after this message's change. */
    private static JSONObject cursorAfter(String room, JSONObject m) throws Exception {
        return json("room", room, "since", changedAt(m), "after", m.optLong("id"));
    }

    /** A user with an inbox that records everything from the connection on. */
    private record Watcher(Socket socket, ChatInbox inbox) {
    }

    private Watcher watcher(String nickname) throws Exception {
        ChatInbox[] inbox = new ChatInbox[1];
        Socket socket = connect(null, nickname, s -> inbox[0] = ChatInbox.of(s));
        return new Watcher(socket, inbox[0]);
    }

    @Test
    void theAuthorEditsAndEveryoneInTheRoomSeesItLiveAndInHistory() throws Exception {
        Socket alice = register("alice").socket();
        Watcher bob = watcher("bob");
        join(alice, "team");
        join(bob.socket(), "team");
        JSONObject sent = send(alice, "team", "helo wrld");
        long id = sent.getLong("id");
        send(alice, "team", "sentinel-1");
        bob.inbox().skipPast("sentinel-1");

        long before = System.currentTimeMillis();
        JSONObject answer = edit(alice, id, "  hello world  ");
        assertThat(answer.getBoolean("ok")).as(answer.toString()).isTrue();
        JSONObject edited = answer.getJSONObject("message");
        assertThat(edited.getString("text")).isEqualTo("hello world");
        assertThat(edited.getLong("edited")).isBetween(before, System.currentTimeMillis());
        assertThat(edited.getLong("ts")).isEqualTo(sent.getLong("ts"));
        assertThat(edited.has("deleted")).isFalse();
        bob.inbox().expect("message:change", edited.toString());

        // The same text again (a resend after a reconnect) changes nothing and is sent to no one.
        JSONObject again = edit(alice, id, "hello world");
        assertThat(ChatInbox.tree(again.getJSONObject("message"))).isEqualTo(ChatInbox.tree(edited));
        send(alice, "team", "sentinel-2");
        assertThat(bob.inbox().next().payload().getString("text")).isEqualTo("sentinel-2");

        assertThat(ChatInbox.tree(byId(history(bob.socket(), "team"), id))).isEqualTo(ChatInbox.tree(edited));
        JSONObject rejoined = call(register("carol").socket(), "room:join", json("room", "team"));
        assertThat(ChatInbox.tree(byId(rejoined.getJSONArray("history"), id))).isEqualTo(ChatInbox.tree(edited));
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/rooms/team/messages"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ChatInbox.tree(byId(new JSONObject(page.body()).getJSONArray("messages"), id)))
                .isEqualTo(ChatInbox.tree(edited));
    }

    @Test
    void anEditPassesTheRulesOfANewMessage() throws Exception {
        Socket alice = register("alice").socket();
        join(alice, "general");
        long id = send(alice, "general", "first").getLong("id");
        assertThat(edit(alice, id, "x".repeat(MAX_LENGTH + 1)).getString("code")).isEqualTo("too_long");
        assertThat(edit(alice, id, "x".repeat(MAX_LENGTH + 1)).getString("error"))
                .isEqualTo("Too long: 101 characters, 100 characters max");
        assertThat(edit(alice, id, "nul\u0000here").getString("code")).isEqualTo("invalid_text");
        assertThat(edit(alice, id, "esc\u001b[31m").getString("code")).isEqualTo("invalid_text");
        assertThat(edit(alice, id, "   ").getString("code")).isEqualTo("empty_message");
        // At the limit it passes; the message counted once, so RATE - 1 edits pass, the next one waits.
        assertThat(edit(alice, id, "x".repeat(MAX_LENGTH)).getBoolean("ok")).isTrue();
        for (int i = 2; i < RATE; i++) {
            assertThat(edit(alice, id, "edit " + i).getBoolean("ok")).isTrue();
        }
        JSONObject limited = edit(alice, id, "one too many");
        assertThat(limited.getString("code")).isEqualTo("rate_limited");
        assertThat(limited.getLong("retryAfter")).isPositive();
        // Deleting counts too: every change reaches the whole room.
        assertThat(delete(alice, id).getString("code")).isEqualTo("rate_limited");
        assertThat(byId(history(alice, "general"), id).getString("text")).isEqualTo("edit " + (RATE - 1));
    }

    @Test
    void nobodyChangesSomeoneElsesMessageAndAModeratorOnlyDeletesRoomMessages() throws Exception {
        Socket alice = register("alice").socket();
        Socket bob = register("bob").socket();
        Socket mod = register("mod").socket();
        for (Socket s : List.of(alice, bob, mod)) {
            join(s, "team");
        }
        long id = send(alice, "team", "alice's words").getLong("id");
        JSONObject byBob = edit(bob, id, "bob's words");
        assertThat(byBob.getString("code")).isEqualTo("not_allowed");
        assertThat(byBob.getString("error")).isEqualTo("You can only edit your own messages");
        assertThat(delete(bob, id).getString("code")).isEqualTo("not_allowed");
        assertThat(delete(bob, id).getString("error")).isEqualTo("You can only delete your own messages");
        // A moderator deletes, but does not put words in anyone's mouth.
        assertThat(edit(mod, id, "mod's words").getString("code")).isEqualTo("not_allowed");
        assertThat(byId(history(bob, "team"), id).getString("text")).isEqualTo("alice's words");
        assertThat(edit(alice, 999_999, "nothing").getString("code")).isEqualTo("unknown_message");
        assertThat(delete(mod, 999_999).getString("code")).isEqualTo("unknown_message");

        // Private messages: only their author; to others they do not exist.
        long secret = call(alice, "private:send", json("to", "bob", "text", "psst", "clientId", "p1"))
                .getJSONObject("message").getLong("id");
        assertThat(edit(bob, secret, "changed").getString("code")).isEqualTo("not_allowed");
        assertThat(delete(bob, secret).getString("code")).isEqualTo("not_allowed");
        assertThat(edit(mod, secret, "changed").getString("code")).isEqualTo("unknown_message");
        JSONObject modPrivate = delete(mod, secret);
        assertThat(modPrivate.getString("code")).isEqualTo("unknown_message");
        assertThat(call(bob, "private:history", json("with", "alice")).getJSONArray("messages").getJSONObject(0)
                .getString("text")).isEqualTo("psst");
    }

    @Test
    void aModeratorDeletesAnyRoomMessageButNotAPrivateOneOfTheirOwnConversation() throws Exception {
        Socket alice = register("alice").socket();
        Socket mod = register("mod").socket();
        join(alice, "team");
        join(mod, "team");
        long id = send(alice, "team", "spam").getLong("id");
        JSONObject deleted = delete(mod, id);
        assertThat(deleted.getBoolean("ok")).as(deleted.toString()).isTrue();
        assertThat(deleted.getJSONObject("message").getString("deletedBy")).isEqualTo("mod");
        // To the moderator, a private message from someone else is not a room message.
        long toMod = call(alice, "private:send", json("to", "mod", "text", "hi", "clientId", "p1"))
                .getJSONObject("message").getLong("id");
        JSONObject refused = delete(mod, toMod);
        assertThat(refused.getString("code")).isEqualTo("not_allowed");
        assertThat(refused.getString("error")).isEqualTo("Moderators delete room messages; a private message only its author");
    }

    @Test
    void aDeletedMessageIsATombstoneLiveAndInHistoryWithNothingOfItsTextOrFile() throws Exception {
        Login aliceLogin = register("alice");
        Socket alice = aliceLogin.socket();
        Watcher bob = watcher("bob");
        join(alice, "team");
        join(bob.socket(), "team");
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/files"))
                .header("X-Chat-Token", aliceLogin.token()).header("X-File-Name", "notes.txt")
                .POST(HttpRequest.BodyPublishers.ofString("private notes")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).isEqualTo(201);
        String fileId = new JSONObject(upload.body()).getString("id");
        JSONObject sent = call(alice, "message:send", json("room", "team", "text", "see the notes", "clientId", "c1",
                "fileId", fileId)).getJSONObject("message");
        assertThat(sent.has("file")).isTrue();
        long sentAgain = call(alice, "message:send", json("room", "team", "text", "the notes again", "clientId", "c2",
                "fileId", fileId)).getJSONObject("message").getLong("id");
        long id = sent.getLong("id");
        send(alice, "team", "sentinel-1");
        bob.inbox().skipPast("sentinel-1");

        long before = System.currentTimeMillis();
        JSONObject answer = delete(alice, id);
        assertThat(answer.getBoolean("ok")).as(answer.toString()).isTrue();
        JSONObject tombstone = answer.getJSONObject("message");
        assertThat(tombstone.getString("text")).isEmpty();
        assertThat(tombstone.has("file")).isFalse();
        assertThat(tombstone.getLong("deleted")).isBetween(before, System.currentTimeMillis());
        assertThat(tombstone.getString("deletedBy")).isEqualTo("alice");
        assertThat(tombstone.getString("from")).isEqualTo("alice");
        bob.inbox().expect("message:change", tombstone.toString());

        // Deleted twice: the same answer, sent to no one; no edit brings it back.
        assertThat(ChatInbox.tree(delete(alice, id).getJSONObject("message"))).isEqualTo(ChatInbox.tree(tombstone));
        assertThat(edit(alice, id, "back").getString("code")).isEqualTo("message_deleted");
        send(alice, "team", "sentinel-2");
        assertThat(bob.inbox().next().payload().getString("text")).isEqualTo("sentinel-2");
        assertThat(ChatInbox.tree(byId(history(bob.socket(), "team"), id))).isEqualTo(ChatInbox.tree(tombstone));
        // Its file goes with the last message that carries it.
        assertThat(fileStatus(fileId)).isEqualTo(200);
        assertThat(delete(alice, sentAgain).getBoolean("ok")).isTrue();
        assertThat(fileStatus(fileId)).isEqualTo(404);
        assertThat(dataDir.resolve("files").resolve(fileId)).doesNotExist();

        // Nothing of it survives a restart either.
        restart();
        Socket carol = register("carol").socket();
        JSONArray stored = call(carol, "room:join", json("room", "team")).getJSONArray("history");
        assertThat(ChatInbox.tree(byId(stored, id))).isEqualTo(ChatInbox.tree(tombstone));
    }

    private int fileStatus(String fileId) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + "/files/" + fileId)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void privateMessagesAreEditedAndDeletedForBothSidesAndADeletedOneNeverArrives() throws Exception {
        Login alice = register("alice");
        Watcher bob = watcher("bob");
        Socket aliceOtherTab = connect(alice.token(), null);
        ChatInbox otherTab = ChatInbox.of(aliceOtherTab);
        JSONObject sent = call(alice.socket(), "private:send", json("to", "bob", "text", "see you at 5", "clientId", "p1"))
                .getJSONObject("message");
        long id = sent.getLong("id");
        assertThat(bob.inbox().skipUntil("private").payload().getLong("id")).isEqualTo(id);
        assertThat(otherTab.skipUntil("private").payload().getLong("id")).isEqualTo(id);

        JSONObject edited = edit(alice.socket(), id, "see you at 6").getJSONObject("message");
        assertThat(edited.getString("to")).isEqualTo("bob");
        bob.inbox().expect("message:change", edited.toString());
        otherTab.expect("message:change", edited.toString());
        assertThat(ChatInbox.tree(call(bob.socket(), "private:history", json("with", "alice")).getJSONArray("messages")
                .getJSONObject(0))).isEqualTo(ChatInbox.tree(edited));

        JSONObject tombstone = delete(alice.socket(), id).getJSONObject("message");
        bob.inbox().expect("message:change", tombstone.toString());
        assertThat(ChatInbox.tree(call(bob.socket(), "private:history", json("with", "alice")).getJSONArray("messages")
                .getJSONObject(0))).isEqualTo(ChatInbox.tree(tombstone));

        // To someone offline: deleted before they come back, it is neither delivered nor unread.
        Login carolLogin = register("carol");
        carolLogin.socket().close();
        long wrong = call(alice.socket(), "private:send", json("to", "carol", "text", "oops, wrong person", "clientId", "p2"))
                .getJSONObject("message").getLong("id");
        long kept = call(alice.socket(), "private:send", json("to", "carol", "text", "hello carol", "clientId", "p3"))
                .getJSONObject("message").getLong("id");
        assertThat(delete(alice.socket(), wrong).getBoolean("ok")).isTrue();
        ChatInbox[] carolInbox = new ChatInbox[1];
        Socket carol = connect(carolLogin.token(), null, s -> carolInbox[0] = ChatInbox.of(s));
        JSONObject listed = call(carol, "conversations", json());
        assertThat(listed.getJSONArray("conversations").getJSONObject(0).getInt("unread")).isEqualTo(1);
        // The answer comes after everything the connection was sent on arrival (one connection, in order).
        List<Long> delivered = new ArrayList<>();
        for (ChatInbox.Event e : carolInbox[0].drain()) {
            if (e.name().equals("private")) {
                delivered.add(e.payload().getLong("id"));
            }
        }
        assertThat(delivered).containsExactly(kept);
    }

    @Test
    void aModeratorRemovesSomeoneFromARoomOnAllTheirTabsAndTheyMayComeBack() throws Exception {
        Login bobLogin = register("bob");
        Watcher alice = watcher("alice");
        Watcher moderator = watcher("mod");
        Socket mod = moderator.socket();
        // The session tells a moderator's page (named "Mod" in the configuration: matched as claimed), no one else's.
        assertThat(moderator.inbox().skipUntil("session").payload().optBoolean("moderator")).isTrue();
        assertThat(alice.inbox().skipUntil("session").payload().has("moderator")).isFalse();
        Socket bobOtherTab = connect(bobLogin.token(), null);
        ChatInbox bobTab1 = ChatInbox.of(bobLogin.socket());
        ChatInbox bobTab2 = ChatInbox.of(bobOtherTab);
        for (Socket s : List.of(alice.socket(), mod, bobLogin.socket(), bobOtherTab)) {
            join(s, "team");
        }
        JSONObject byAlice = call(alice.socket(), "room:remove", json("room", "team", "nickname", "bob"));
        assertThat(byAlice.getString("code")).isEqualTo("not_allowed");
        assertThat(byAlice.getString("error")).isEqualTo("Only moderators can remove someone from a room");
        assertThat(call(mod, "room:remove", json("room", "general", "nickname", "bob")).getString("code"))
                .isEqualTo("not_allowed");
        assertThat(call(mod, "room:remove", json("room", "elsewhere", "nickname", "bob")).getString("error"))
                .isEqualTo("bob is not in #elsewhere");
        send(mod, "team", "sentinel-1");
        alice.inbox().skipPast("sentinel-1");
        bobTab1.skipPast("sentinel-1");
        bobTab2.skipPast("sentinel-1");

        // Named as people type it: "BOB" is bob.
        long before = System.currentTimeMillis();
        JSONObject removed = call(mod, "room:remove", json("room", "team", "nickname", "BOB"));
        assertThat(removed.getBoolean("ok")).as(removed.toString()).isTrue();
        bobTab1.expect("room:left", "{\"room\":\"team\",\"removedBy\":\"mod\"}");
        bobTab2.expect("room:left", "{\"room\":\"team\",\"removedBy\":\"mod\"}");
        alice.inbox().expectStamped("notice", "{\"room\":\"team\",\"text\":\"bob was removed by mod\"}", before);
        alice.inbox().expect("room:member", "{\"room\":\"team\",\"nickname\":\"bob\",\"joined\":false}");
        assertThat(call(bobOtherTab, "message:send", json("room", "team", "text", "still here?", "clientId", "b1"))
                .getString("code")).isEqualTo("not_in_room");
        send(mod, "team", "sentinel-2");
        alice.inbox().skipPast("sentinel-2");
        // Not a ban: bob may join again.
        join(bobLogin.socket(), "team");
        assertThat(send(bobLogin.socket(), "team", "back").getString("from")).isEqualTo("bob");
    }

    @Test
    void changesMissedWhileAwayAreFoundWithChangesAndInHistory() throws Exception {
        Login bobLogin = register("bob");
        Socket alice = register("alice").socket();
        join(alice, "team");
        join(bobLogin.socket(), "team");
        long first = send(alice, "team", "one").getLong("id");
        long second = send(alice, "team", "two").getLong("id");
        long third = send(alice, "team", "three").getLong("id");
        long lastSeen = System.currentTimeMillis();
        long privateId = call(alice, "private:send", json("to", "bob", "text", "p", "clientId", "p1"))
                .getJSONObject("message").getLong("id");
        bobLogin.socket().close();

        JSONObject edited = edit(alice, second, "two, edited").getJSONObject("message");
        JSONObject deleted = delete(alice, first).getJSONObject("message");
        JSONObject privateEdit = edit(alice, privateId, "p, edited").getJSONObject("message");

        Socket bob = connect(bobLogin.token(), null);
        join(bob, "team");
        JSONObject changes = call(bob, "changes", json("room", "team", "since", lastSeen - 60_000));
        assertThat(changes.getBoolean("ok")).as(changes.toString()).isTrue();
        // In the order of the changes (time, then id: the two may share a millisecond).
        List<JSONObject> expected = new ArrayList<>(List.of(edited, deleted));
        expected.sort(java.util.Comparator.comparingLong(ChatEditsIT::changedAt).thenComparingLong(m -> m.optLong("id")));
        JSONArray found = changes.getJSONArray("messages");
        assertThat(ChatInbox.tree(found)).isEqualTo(ChatInbox.tree(new JSONArray(expected)));
        assertThat(changes.isNull("next")).isTrue();
        // After the first change's cursor, only the later one; none after the last.
        JSONObject after = call(bob, "changes", cursorAfter("team", found.getJSONObject(0)));
        assertThat(ChatInbox.tree(after.getJSONArray("messages"))).isEqualTo(ChatInbox.tree(new JSONArray(List.of(expected.get(1)))));
        assertThat(call(bob, "changes", cursorAfter("team", found.getJSONObject(1))).getJSONArray("messages").length()).isZero();
        assertThat(ChatInbox.tree(call(bob, "changes", json("with", "alice", "since", 0)).getJSONArray("messages")))
                .isEqualTo(ChatInbox.tree(new JSONArray(List.of(privateEdit))));
        assertThat(call(bob, "changes", json("room", "elsewhere", "since", 0)).getString("code")).isEqualTo("not_in_room");
        assertThat(call(bob, "changes", json("with", "nobody", "since", 0)).getString("code")).isEqualTo("unknown_recipient");
        // And history says the same, with the message nobody changed as it was.
        JSONArray history = history(bob, "team");
        assertThat(ChatInbox.tree(byId(history, first))).isEqualTo(ChatInbox.tree(deleted));
        assertThat(ChatInbox.tree(byId(history, second))).isEqualTo(ChatInbox.tree(edited));
        assertThat(byId(history, third).has("edited")).isFalse();
    }
}
