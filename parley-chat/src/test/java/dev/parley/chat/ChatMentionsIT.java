package dev.parley.chat;

import static dev.parley.chat.MentionSteps.join;
import static dev.parley.chat.MentionSteps.mentions;
import static dev.parley.chat.MentionSteps.say;
import static dev.parley.chat.MentionSteps.unread;
import static org.assertj.core.api.Assertions.assertThat;

import io.socket.client.Socket;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * The rules of mentions (issue 17 §2, docs/chat.md "Mentions") over real sockets with the official Java Socket.IO
 * client: which {@code @names} the server recognises, that they travel with the message live and in history,
 * the unread mention counts from the stored read marks (across a reconnect and a restart, in a busy room), the
 * {@code mention} event for people outside the room, and the bound per message.
 * Runs on SQLite and on PostgreSQL ({@link ChatStoresTestBase}).
 */
class ChatMentionsIT extends ChatStoresTestBase {
    private static final int MAX_MENTIONS = 4;

    @Override
    protected ChatConfig.Builder configure(ChatConfig.Builder builder) {
        // A busy room: more than the default 20 messages per 10 s from one sender.
        return builder.maxMentions(MAX_MENTIONS).rateLimit(100, java.time.Duration.ofSeconds(10));
    }

    private static JSONObject lastOf(JSONObject answer, String field) throws Exception {
        JSONArray messages = answer.getJSONArray(field);
        return messages.getJSONObject(messages.length() - 1);
    }

    @Test
    void onlyClaimedNicknamesAreMentionedCaseInsensitivelyAfterNfkcNeverTheSender() throws Exception {
        Socket alice = register("alice").socket();
        Socket bob = register("Bob").socket();
        register("carol");
        join(alice, "team");
        join(bob, "team");
        BlockingQueue<JSONObject> bobGot = new LinkedBlockingQueue<>();
        bob.on("message", a -> bobGot.add((JSONObject) a[0]));

        JSONObject sent = say(alice, "team", "@bob, @ｃａｒｏｌ: ask @nobody, not @alice or bob@example.com");
        assertThat(mentions(sent)).containsExactly("Bob", "carol"); // claimed spellings, sorted
        JSONObject live = bobGot.poll(10, TimeUnit.SECONDS);
        assertThat(live).isNotNull();
        assertThat(mentions(live)).containsExactly("Bob", "carol");

        JSONObject plain = say(alice, "team", "nobody named here, @nobody");
        assertThat(plain.has("mentions")).isFalse();
        // History, the answer of a join, and sync say the same as live.
        JSONObject history = call(bob, "history", json("room", "team"));
        assertThat(mentions(history.getJSONArray("messages").getJSONObject(0))).containsExactly("Bob", "carol");
        assertThat(lastOf(history, "messages").has("mentions")).isFalse();
        JSONObject rejoined = call(register("dave").socket(), "room:join", json("room", "team"));
        assertThat(mentions(rejoined.getJSONArray("history").getJSONObject(0))).containsExactly("Bob", "carol");
        JSONObject synced = call(bob, "sync", json("room", "team", "after", sent.getLong("id") - 1));
        assertThat(mentions(synced.getJSONArray("messages").getJSONObject(0))).containsExactly("Bob", "carol");
        // Private messages mention nobody: the recipient reads them anyway.
        JSONObject privately = call(alice, "private:send", json("to", "bob", "text", "@carol look",
                "clientId", UUID.randomUUID().toString()));
        assertThat(privately.getJSONObject("message").has("mentions")).isFalse();
        assertThat(unread(register("erin").socket())).isEmpty();
    }

    @Test
    void aMentionStaysUnreadForItsPersonInABusyRoomAcrossAReconnectAndARestartUntilRead() throws Exception {
        Socket alice = register("alice").socket();
        Login bob = register("bob");
        join(alice, "busy");
        join(alice, "general");
        join(bob.socket(), "busy");
        long first = say(alice, "busy", "@bob first").getLong("id");
        for (int i = 0; i < 30; i++) {
            say(alice, "busy", "chatter " + i);
        }
        long second = say(alice, "busy", "and again, @BOB").getLong("id");
        say(alice, "general", "@bob in general too");
        assertThat(unread(bob.socket())).containsExactly("busy:2", "general:1");
        assertThat(unread(alice)).isEmpty();

        // Reading up to the first: one left there, and Bob's other tab is told so.
        Socket bobsOtherTab = connect(bob.token(), null);
        BlockingQueue<JSONObject> told = new LinkedBlockingQueue<>();
        bobsOtherTab.on("mentions:read", a -> told.add((JSONObject) a[0]));
        JSONObject read = call(bob.socket(), "mentions:read", json("room", "busy", "upTo", first));
        assertThat(read.getInt("marked")).isEqualTo(1);
        assertThat(read.getInt("unread")).isEqualTo(1);
        JSONObject change = told.poll(10, TimeUnit.SECONDS);
        assertThat(change).isNotNull();
        assertThat(change.getString("room")).isEqualTo("busy");
        assertThat(change.getInt("unread")).isEqualTo(1);
        assertThat(call(bob.socket(), "mentions:read", json("room", "busy", "upTo", first)).getInt("marked")).isZero();

        restart();
        Socket back = connect(bob.token(), null);
        assertThat(unread(back)).containsExactly("busy:1", "general:1");
        assertThat(call(back, "mentions:read", json("room", "busy", "upTo", second)).getInt("unread")).isZero();
        assertThat(unread(back)).containsExactly("general:1");
    }

    @Test
    void peopleOutsideTheRoomGetMentionAndMembersOnlyTheMessage() throws Exception {
        Socket alice = register("alice").socket();
        Socket bob = register("bob").socket();
        Socket dave = register("dave").socket();
        join(alice, "ops");
        join(bob, "ops");
        ChatInbox bobs = ChatInbox.of(bob);
        BlockingQueue<JSONObject> daveGot = new LinkedBlockingQueue<>();
        dave.on("mention", a -> daveGot.add((JSONObject) a[0]));
        BlockingQueue<Object> daveMessages = new LinkedBlockingQueue<>();
        dave.on("message", a -> daveMessages.add(a[0]));

        long id = say(alice, "ops", "@dave @bob deploy?").getLong("id");
        JSONObject mention = daveGot.poll(10, TimeUnit.SECONDS);
        assertThat(mention).isNotNull();
        assertThat(mention.getLong("id")).isEqualTo(id);
        assertThat(mention.getString("room")).isEqualTo("ops");
        assertThat(mention.getString("from")).isEqualTo("alice");
        assertThat(mentions(mention)).containsExactly("bob", "dave");
        assertThat(unread(dave)).containsExactly("ops:1");
        // Bob, in the room, gets the message and nothing else before the next one.
        say(alice, "ops", "sentinel");
        ChatInbox.Event e;
        do {
            e = bobs.next();
        } while (!e.name().equals("message"));
        assertThat(e.payload().getLong("id")).isEqualTo(id);
        assertThat(bobs.next().name()).isEqualTo("message");
        assertThat(daveGot).isEmpty();
        assertThat(daveMessages).as("dave is not in the room").isEmpty();
    }

    @Test
    void atMostMaxMentionsNamesAMessageAndAResendRecordsItsMentionsOnce() throws Exception {
        Socket alice = register("alice").socket();
        Socket bob = register("bob").socket();
        join(alice, "general");
        JSONObject refused = call(alice, "message:send", json("room", "general", "clientId", "m-1",
                "text", "@bob @x @y @z @w"));
        assertThat(refused.getBoolean("ok")).isFalse();
        assertThat(refused.getString("code")).isEqualTo("too_many_mentions");
        assertThat(refused.getString("error")).isEqualTo("Too many mentions: 5 @names, at most 4 in a message");
        // The same name twice is one name (@Bob and @ＢＯＢ are @bob); the limit itself passes.
        JSONObject at = say(alice, "general", "@bob @x @y @Bob @z @ＢＯＢ", "m-2");
        assertThat(mentions(at)).containsExactly("bob");
        JSONObject again = say(alice, "general", "@bob @x @y @Bob @z @ＢＯＢ", "m-2");
        assertThat(again.getLong("id")).isEqualTo(at.getLong("id"));
        assertThat(unread(bob)).containsExactly("general:1");

        JSONObject invalid = call(bob, "mentions:read", json("room", "general"));
        assertThat(invalid.getString("code")).isEqualTo("invalid_request");
    }
}
