package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.socket.client.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Message search and the history around a found message (docs/chat.md, "Search") with the official Java
 * Socket.IO client: who finds what (never another's private message, never a room one is not in), queries full
 * of the engines' operators, the bounds, paging, and opening a result in its history.
 * Runs on SQLite and on PostgreSQL ({@link ChatStoresTestBase}).
 */
class ChatSearchIT extends ChatStoresTestBase {
    private static final int PAGE = 3;
    private static final int SEARCHES = 40;
    private static final int MAX_QUERY = 50;
    private static final int MAX_WORDS = 4;

    @Override
    protected ChatConfig.Builder configure(ChatConfig.Builder builder) {
        return builder.rateLimit(1000, Duration.ofSeconds(10)).search(ChatSearchConfig.DEFAULTS.withPageSize(PAGE)
                .withLimit(SEARCHES, Duration.ofMinutes(10)).withQueryLimits(MAX_QUERY, MAX_WORDS));
    }

    private static JSONObject ok(JSONObject answer) {
        assertThat(answer.optBoolean("ok")).as(answer.toString()).isTrue();
        return answer;
    }

    private static void join(Socket socket, String room) throws Exception {
        ok(call(socket, "room:join", json("room", room)));
    }

    private static long say(Socket socket, String room, String text) throws Exception {
        return ok(call(socket, "message:send", json("room", room, "text", text, "clientId", UUID.randomUUID().toString())))
                .getJSONObject("message").getLong("id");
    }

    private static long tell(Socket socket, String to, String text) throws Exception {
        return ok(call(socket, "private:send", json("to", to, "text", text, "clientId", UUID.randomUUID().toString())))
                .getJSONObject("message").getLong("id");
    }

    /** The texts of every page of a search, following {@code next}. */
    private static List<String> found(Socket socket, JSONObject query) throws Exception {
        List<String> texts = new ArrayList<>();
        Object before = null;
        do {
            JSONObject page = ok(call(socket, "search", before == null ? query : new JSONObject(query.toString()).put("before", before)));
            JSONArray results = page.getJSONArray("results");
            assertThat(results.length()).isLessThanOrEqualTo(PAGE);
            for (int i = 0; i < results.length(); i++) {
                texts.add(results.getJSONObject(i).getJSONObject("message").getString("text"));
            }
            before = page.isNull("next") ? null : page.get("next");
        } while (before != null);
        return texts;
    }

    private static List<String> texts(JSONArray messages) throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < messages.length(); i++) {
            texts.add(messages.getJSONObject(i).getString("text"));
        }
        return texts;
    }

    @Test
    void aUserFindsTheRoomsTheyAreInAndTheirOwnConversationsOnly() throws Exception {
        Socket alice = register("alice").socket();
        Socket bob = register("bob").socket();
        Socket carol = register("carol").socket();
        join(alice, "general");
        join(bob, "general");
        join(bob, "ops");
        join(carol, "ops");
        join(bob, "left");
        join(alice, "left");
        say(bob, "general", "release notes in general");
        say(bob, "ops", "release notes in ops");
        say(bob, "left", "release notes in a room alice left");
        tell(bob, "alice", "release notes for alice");
        tell(alice, "bob", "release notes from alice");
        tell(bob, "carol", "release notes for carol only");
        tell(carol, "bob", "release notes from carol to bob");
        ok(call(alice, "room:leave", json("room", "left")));

        assertThat(found(alice, json("q", "release notes"))).containsExactly(
                "release notes from alice", "release notes for alice", "release notes in general");
        assertThat(found(carol, json("q", "release"))).containsExactly(
                "release notes from carol to bob", "release notes for carol only", "release notes in ops");
        // Filters: one room the user is in, one conversation; a room they are not in is refused, not empty.
        assertThat(found(alice, json("q", "release", "room", "general"))).containsExactly("release notes in general");
        assertThat(found(alice, json("q", "release", "with", "BOB"))).containsExactly(
                "release notes from alice", "release notes for alice");
        assertThat(found(alice, json("q", "release", "with", "carol"))).isEmpty();
        for (String room : List.of("ops", "left", "nowhere", "not a room")) {
            JSONObject refused = call(alice, "search", json("q", "release", "room", room));
            assertThat(refused.getString("code")).as(room).isEqualTo("not_in_room");
        }
        assertThat(call(alice, "search", json("q", "release", "with", "nobody")).getString("code")).isEqualTo("unknown_recipient");
        assertThat(call(alice, "search", json("q", "release", "room", "general", "with", "bob")).getString("error"))
                .isEqualTo("Search one room or one conversation, not both");
    }

    @Test
    void resultsCarryTheMessageItsConversationAndASnippetInPartsNotHtml() throws Exception {
        Socket alice = register("alice").socket();
        Socket bob = register("bob").socket();
        join(alice, "general");
        join(bob, "general");
        long id = say(bob, "general", "<b>Deploying</b> the API at 18:00 & then deploy again");
        tell(bob, "alice", "a private deploy");

        JSONArray results = ok(call(alice, "search", json("q", "deploy"))).getJSONArray("results");
        JSONObject inPrivate = results.getJSONObject(0);
        assertThat(inPrivate.getString("with")).isEqualTo("bob");
        assertThat(inPrivate.has("room")).isFalse();
        JSONObject inRoom = results.getJSONObject(1);
        assertThat(inRoom.getString("room")).isEqualTo("general");
        assertThat(inRoom.getJSONObject("message").getLong("id")).isEqualTo(id);
        assertThat(inRoom.getJSONObject("message").getString("from")).isEqualTo("bob");
        StringBuilder shown = new StringBuilder();
        JSONArray snippet = inRoom.getJSONArray("snippet");
        for (int i = 0; i < snippet.length(); i++) {
            JSONObject part = snippet.getJSONObject(i);
            shown.append(part.getBoolean("match") ? "[" + part.getString("text") + "]" : part.getString("text"));
        }
        // The text as typed, its markup included: the client shows parts as text, marking the matches.
        assertThat(shown.toString()).isEqualTo("<b>[Deploying]</b> the API at 18:00 & then [deploy] again");
    }

    @Test
    void queriesInTheEnginesSyntaxAreSearchedAsPlainWords() throws Exception {
        Socket alice = register("alice").socket();
        join(alice, "general");
        say(alice, "general", "OR AND NOT NEAR plain words at 18:00");
        for (String q : List.of("\"", "\"\"\"", "NEAR(", "NEAR(plain words, 2)", "plain*", "\"plain", "^plain", "-plain",
                "+plain", "body:plain", "plain:*", "'plain", "plain\\", "!plain", "plain & words", "plain | x", "plain <-> words",
                "(plain", "plain)", "{plain}", "OR", "AND", "NOT", "NEAR", "NOT plain", "18:00", "\u0000plain", "🙂",
                "\u0301", "a\u200bb")) {
            JSONObject answer = call(alice, "search", json("q", q));
            assertThat(answer.optBoolean("ok")).as(q + ": " + answer).isTrue();
            for (String text : texts(messagesOf(answer))) {
                assertThat(text).as(q).isEqualTo("OR AND NOT NEAR plain words at 18:00");
            }
        }
        assertThat(found(alice, json("q", "NOT plain"))).containsExactly("OR AND NOT NEAR plain words at 18:00");
        assertThat(found(alice, json("q", "\"plain"))).containsExactly("OR AND NOT NEAR plain words at 18:00");
        assertThat(found(alice, json("q", "NEAR(plain words, 2)"))).isEmpty(); // "2" is no word of it
    }

    private static JSONArray messagesOf(JSONObject searchAnswer) throws Exception {
        JSONArray messages = new JSONArray();
        JSONArray results = searchAnswer.getJSONArray("results");
        for (int i = 0; i < results.length(); i++) {
            messages.put(results.getJSONObject(i).getJSONObject("message"));
        }
        return messages;
    }

    @Test
    void queriesAreBoundedInLengthWordsAndRate() throws Exception {
        Socket alice = register("alice").socket();
        join(alice, "general");
        assertThat(ok(call(alice, "search", json("q", "x".repeat(MAX_QUERY)))).getJSONArray("results").length()).isZero();
        JSONObject tooLong = call(alice, "search", json("q", "x".repeat(MAX_QUERY + 1)));
        assertThat(tooLong.getString("code")).isEqualTo("invalid_query");
        assertThat(tooLong.getString("error")).isEqualTo("Too long: 51 characters, 50 characters max");
        ok(call(alice, "search", json("q", "a b c d")));
        JSONObject tooMany = call(alice, "search", json("q", "a b c d e"));
        assertThat(tooMany.getString("error")).isEqualTo("Too many words: at most 4");
        for (Object blank : List.of("", "   ", 42, JSONObject.NULL)) {
            JSONObject answer = call(alice, "search", json("q", blank));
            assertThat(answer.optString("code")).as(blank + ": " + answer).isEqualTo("invalid_query");
        }
        // 8 searches so far; the window holds SEARCHES.
        for (int i = 8; i < SEARCHES; i++) {
            ok(call(alice, "search", json("q", "x")));
        }
        JSONObject limited = call(alice, "search", json("q", "x"));
        assertThat(limited.getString("code")).isEqualTo("rate_limited");
        assertThat(limited.getString("error")).isEqualTo("You are searching too fast: at most 40 searches per 600 s");
        assertThat(limited.getLong("retryAfter")).isPositive();
        // Per user: another user searches on.
        ok(call(register("bob").socket(), "search", json("q", "x")));
    }

    @Test
    void pagesFollowTheCursorNewestFirstWithoutRepeatsOrGaps() throws Exception {
        Socket alice = register("alice").socket();
        join(alice, "general");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3 * PAGE + 1; i++) {
            say(alice, "general", "paged " + i);
            say(alice, "general", "other " + i);
            expected.add(0, "paged " + i);
        }
        assertThat(found(alice, json("q", "paged"))).isEqualTo(expected);
        JSONObject last = ok(call(alice, "search", json("q", "paged", "before", 1)));
        assertThat(last.getJSONArray("results").length()).isZero();
        assertThat(last.isNull("next")).isTrue();
    }

    @Test
    void aResultOpensInItsHistoryAndPagesOnToTheLatest() throws Exception {
        Socket alice = register("alice").socket();
        Socket bob = register("bob").socket();
        join(alice, "general");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            ids.add(say(alice, "general", i == 30 ? "the needle" : "hay " + i));
        }
        long needle = ids.get(30);
        // Bob is not in general: he finds nothing there, and cannot open it.
        assertThat(ok(call(bob, "search", json("q", "needle"))).getJSONArray("results").length()).isZero();
        assertThat(call(bob, "history:around", json("room", "general", "id", needle)).getString("code")).isEqualTo("not_in_room");

        JSONObject around = ok(call(alice, "history:around", json("room", "general", "id", needle)));
        List<String> page = texts(around.getJSONArray("messages"));
        assertThat(page).hasSize(51).element(25).isEqualTo("the needle");
        assertThat(page.get(0)).isEqualTo("hay 5");
        assertThat(around.getBoolean("hasOlder")).isTrue();
        assertThat(around.getBoolean("hasNewer")).isTrue();
        // Older pages as usual, newer ones until the latest.
        assertThat(texts(ok(call(alice, "history", json("room", "general", "before", ids.get(5)))).getJSONArray("messages")))
                .first().isEqualTo("hay 0");
        JSONObject newer = ok(call(alice, "history:newer", json("room", "general", "after", ids.get(55))));
        assertThat(texts(newer.getJSONArray("messages"))).hasSize(50).first().isEqualTo("hay 56");
        assertThat(newer.getBoolean("hasNewer")).isTrue();
        JSONObject latest = ok(call(alice, "history:newer", json("room", "general", "after", ids.get(105))));
        assertThat(texts(latest.getJSONArray("messages"))).hasSize(14).last().isEqualTo("hay 119");
        assertThat(latest.getBoolean("hasNewer")).isFalse();
        // Near either end: what there is, and no more.
        JSONObject first = ok(call(alice, "history:around", json("room", "general", "id", ids.get(0))));
        assertThat(first.getJSONArray("messages").length()).isEqualTo(26);
        assertThat(first.getBoolean("hasOlder")).isFalse();
        // An id of another room, or none at all.
        join(bob, "ops");
        join(alice, "ops");
        assertThat(call(alice, "history:around", json("room", "ops", "id", needle)).getString("code")).isEqualTo("not_found");
        assertThat(call(alice, "history:around", json("room", "general", "id", 999_999)).getString("code")).isEqualTo("not_found");
        assertThat(call(alice, "history:around", json("room", "general")).getString("code")).isEqualTo("not_found");
    }

    @Test
    void aPrivateResultOpensOnlyInItsOwnConversation() throws Exception {
        Socket alice = register("alice").socket();
        Socket bob = register("bob").socket();
        Socket carol = register("carol").socket();
        tell(alice, "bob", "before");
        long secret = tell(bob, "alice", "the secret");
        tell(alice, "bob", "after");
        long carols = tell(carol, "bob", "carol's secret");

        JSONObject around = ok(call(alice, "history:around", json("with", "bob", "id", secret)));
        assertThat(texts(around.getJSONArray("messages"))).containsExactly("before", "the secret", "after");
        assertThat(around.getBoolean("hasOlder")).isFalse();
        assertThat(around.getBoolean("hasNewer")).isFalse();
        assertThat(texts(ok(call(alice, "history:newer", json("with", "bob", "after", secret))).getJSONArray("messages")))
                .containsExactly("after");
        // Another's private message is never found nor opened, under any conversation.
        assertThat(found(alice, json("q", "secret"))).containsExactly("the secret");
        assertThat(call(alice, "history:around", json("with", "bob", "id", carols)).getString("code")).isEqualTo("not_found");
        assertThat(call(alice, "history:around", json("with", "carol", "id", carols)).getString("code")).isEqualTo("not_found");
        assertThat(call(alice, "history:around", json("with", "carol", "id", secret)).getString("code")).isEqualTo("not_found");
        assertThat(texts(ok(call(alice, "history:newer", json("with", "carol", "after", 0))).getJSONArray("messages"))).isEmpty();
        assertThat(call(alice, "history:around", json("with", "nobody", "id", secret)).getString("code"))
                .isEqualTo("unknown_recipient");
    }
}
