package dev.parley.chat;

import static dev.parley.chat.MentionSteps.join;
import static dev.parley.chat.MentionSteps.mentions;
import static dev.parley.chat.MentionSteps.say;
import static dev.parley.chat.MentionSteps.unread;
import static org.assertj.core.api.Assertions.assertThat;

import io.socket.client.Socket;
import java.time.Duration;
import java.util.UUID;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Mentions follow a room message's edits and deletion (docs/chat.md, "Mentions"), over real sockets with the
 * official Java Socket.IO client: an edit that adds {@code @name} mentions that person as a new message would
 * (stored, unread, {@code mention} to their tabs outside the room), one that removes it takes the mention away
 * (no longer unread), someone mentioned already is not told again and keeps their read mark, and a deleted message
 * mentions nobody. Runs on SQLite and on PostgreSQL ({@link ChatStoresTestBase}).
 */
class ChatMentionEditsIT extends ChatStoresTestBase {
    private static final int MAX_MENTIONS = 3;

    @Override
    protected ChatConfig.Builder configure(ChatConfig.Builder builder) {
        return builder.maxMentions(MAX_MENTIONS).rateLimit(100, Duration.ofSeconds(10));
    }

    private static JSONObject edit(Socket socket, long id, String text) throws Exception {
        JSONObject edited = call(socket, "message:edit", json("id", id, "text", text));
        assertThat(edited.getBoolean("ok")).as(edited.toString()).isTrue();
        return edited.getJSONObject("message");
    }

    /** The next {@code mention} or {@code private} event of an inbox (presence and list events skipped). */
    private static ChatInbox.Event nextMentionOrPrivate(ChatInbox inbox) throws Exception {
        ChatInbox.Event e;
        do {
            e = inbox.next();
        } while (!e.name().equals("mention") && !e.name().equals("private"));
        return e;
    }

    private static JSONObject historyMessage(Socket socket, String room, long id) throws Exception {
        JSONArray messages = call(socket, "history", json("room", room)).getJSONArray("messages");
        for (int i = 0; i < messages.length(); i++) {
            if (messages.getJSONObject(i).getLong("id") == id) {
                return messages.getJSONObject(i);
            }
        }
        throw new AssertionError("message " + id + " not in the history of " + room);
    }

    @Test
    void anEditThatAddsAMentionMentionsOnceAndOneThatRemovesItTakesItAway() throws Exception {
        Socket alice = register("alice").socket();
        Socket bob = register("bob").socket();
        Socket carol = register("carol").socket();
        Socket dave = register("dave").socket();
        join(alice, "ops");
        join(carol, "ops");
        ChatInbox bobs = ChatInbox.of(bob);
        ChatInbox daves = ChatInbox.of(dave);
        ChatInbox carols = ChatInbox.of(carol);

        long id = say(alice, "ops", "deploy?").getLong("id");
        assertThat(unread(bob)).isEmpty();

        // Added: Bob (not in the room) is told, and it counts as unread; Carol (in it) sees the change with it.
        JSONObject added = edit(alice, id, "@bob deploy?");
        assertThat(mentions(added)).containsExactly("bob");
        ChatInbox.Event told = nextMentionOrPrivate(bobs);
        assertThat(told.name()).isEqualTo("mention");
        assertThat(told.payload().getLong("id")).isEqualTo(id);
        assertThat(told.payload().getString("text")).isEqualTo("@bob deploy?");
        assertThat(mentions(told.payload())).containsExactly("bob");
        assertThat(unread(bob)).containsExactly("ops:1");
        assertThat(mentions(carols.skipUntil("message:change").payload())).containsExactly("bob");
        assertThat(mentions(historyMessage(carol, "ops", id))).containsExactly("bob");

        // Dave added: he is told; Bob, mentioned already, is not told again (the private sentinel comes next).
        assertThat(mentions(edit(alice, id, "@bob @dave deploy?"))).containsExactly("bob", "dave");
        assertThat(nextMentionOrPrivate(daves).name()).isEqualTo("mention");
        call(alice, "private:send", json("to", "bob", "text", "sentinel", "clientId", UUID.randomUUID().toString()));
        assertThat(nextMentionOrPrivate(bobs).name()).as("no second mention for bob").isEqualTo("private");
        assertThat(unread(bob)).containsExactly("ops:1");
        assertThat(unread(dave)).containsExactly("ops:1");

        // Bob reads it: a later edit that still names him leaves it read.
        assertThat(call(bob, "mentions:read", json("room", "ops", "upTo", id)).getInt("unread")).isZero();
        edit(alice, id, "@bob @dave deploy now?");
        assertThat(unread(bob)).isEmpty();

        // Dave removed: no longer mentioned, no longer unread, in history too.
        assertThat(mentions(edit(alice, id, "@bob deploy now"))).containsExactly("bob");
        assertThat(unread(dave)).isEmpty();
        assertThat(mentions(historyMessage(carol, "ops", id))).containsExactly("bob");
        // Nobody left: the message has no mentions at all.
        assertThat(edit(alice, id, "deploy now").has("mentions")).isFalse();
        assertThat(historyMessage(carol, "ops", id).has("mentions")).isFalse();
    }

    @Test
    void aDeletedMessageMentionsNobodyAndAnEditNamingTooManyIsRefused() throws Exception {
        Socket alice = register("alice").socket();
        Socket bob = register("bob").socket();
        join(alice, "ops");
        long id = say(alice, "ops", "@bob look").getLong("id");
        assertThat(unread(bob)).containsExactly("ops:1");

        JSONObject refused = call(alice, "message:edit", json("id", id, "text", "@bob @x @y @z"));
        assertThat(refused.getBoolean("ok")).isFalse();
        assertThat(refused.getString("code")).isEqualTo("too_many_mentions");
        assertThat(historyMessage(alice, "ops", id).getString("text")).isEqualTo("@bob look");

        assertThat(call(alice, "message:delete", json("id", id)).getBoolean("ok")).isTrue();
        assertThat(unread(bob)).isEmpty();
    }
}
