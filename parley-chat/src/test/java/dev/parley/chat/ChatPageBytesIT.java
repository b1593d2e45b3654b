package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * {@code sync} and {@code changes} pages are cut by their encoded size as well as by count (docs/chat.md, "Reading
 * limits"), with the official Java Socket.IO client: 30 messages of the longest text there is in four-byte
 * characters (48,000 bytes each in JSON, 1.4 MB together) come in pages of at most {@link #PAGE_BYTES} of messages
 * (a cap of the test's own, so that a few messages cross it: the default, 1 MiB, would need 300 and minutes), each
 * with {@code hasMore} (and {@code changes} its cursor) until the last, and paging delivers every message once, in
 * order.
 * On SQLite and on PostgreSQL ({@link ChatStoresTestBase}).
 */
class ChatPageBytesIT extends ChatStoresTestBase {
    private static final int MESSAGES = 30;
    /** Four messages of 48,000 bytes and a little more. */
    private static final int PAGE_BYTES = 200_000;
    private static final ObjectMapper JACKSON = new ObjectMapper();
    /** The longest text: 4,000 code points of 4 bytes in UTF-8. */
    private static final String LONGEST = "\uD83D\uDE00".repeat(ChatConfig.DEFAULT_MAX_MESSAGE_LENGTH);

    @Override
    protected ChatConfig.Builder configure(ChatConfig.Builder builder) {
        return builder.rateLimit(10_000, Duration.ofSeconds(10)).maxPageBytes(PAGE_BYTES);
    }

    private static JSONObject ok(JSONObject answer) {
        assertThat(answer.optBoolean("ok")).as(answer.optString("error")).isTrue();
        return answer;
    }

    /** bob writes {@link #MESSAGES} of the longest text in general, alice being there; returns their ids. */
    private List<Long> aRoomOfLongMessages(Socket alice, Socket bob) throws Exception {
        ok(call(alice, "room:join", json("room", "general")));
        ok(call(bob, "room:join", json("room", "general")));
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            ids.add(ok(call(bob, "message:send", json("room", "general", "text", LONGEST, "clientId", "c-" + i)))
                    .getJSONObject("message").getLong("id"));
        }
        return ids;
    }

    /**
     * The page's messages as the client got them, written again as the server's JSON parser writes them (Jackson's
     * defaults: a character outside the BMP as two {@code \\u} escapes, 12 bytes): at most the cap.
     */
    private static List<Long> checkedPage(JSONObject page, List<Integer> sizes) throws Exception {
        JSONArray messages = page.getJSONArray("messages");
        int bytes = JACKSON.writeValueAsBytes(JACKSON.readTree(messages.toString())).length - 2; // without the brackets
        assertThat(bytes).isLessThanOrEqualTo(PAGE_BYTES);
        sizes.add(messages.length());
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < messages.length(); i++) {
            ids.add(messages.getJSONObject(i).getLong("id"));
        }
        return ids;
    }

    @Test
    void syncPagesStayUnderTheByteCapAndPagingDeliversEveryMessage() throws Exception {
        Socket alice = register("alice").socket();
        Socket bob = register("bob").socket();
        List<Long> sent = aRoomOfLongMessages(alice, bob);
        List<Long> got = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        long after = 0;
        while (true) {
            JSONObject page = ok(call(alice, "sync", json("room", "general", "after", after)));
            got.addAll(checkedPage(page, sizes));
            if (!page.getBoolean("hasMore")) {
                break;
            }
            after = got.get(got.size() - 1);
        }
        assertThat(got).isEqualTo(sent);
        // 200,000 bytes hold 4 messages of 48,000 bytes and more: 8 pages, the last one short.
        assertThat(sizes).hasSize(8).containsOnly(4, 2).endsWith(2);
    }

    @Test
    void changesPagesStayUnderTheByteCapAndTheCursorDeliversEveryChange() throws Exception {
        Socket alice = register("alice").socket();
        Socket bob = register("bob").socket();
        List<Long> sent = aRoomOfLongMessages(alice, bob);
        String edited = "\uD83D\uDE01".repeat(ChatConfig.DEFAULT_MAX_MESSAGE_LENGTH);
        for (long id : sent) {
            ok(call(bob, "message:edit", json("id", id, "text", edited)));
        }
        List<Long> got = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        JSONObject cursor = json("since", 0, "after", 0);
        while (cursor != null) {
            JSONObject page = ok(call(alice, "changes", json("room", "general", "since", cursor.getLong("since"),
                    "after", cursor.getLong("after"))));
            got.addAll(checkedPage(page, sizes));
            assertThat(page.getBoolean("hasMore")).isEqualTo(!page.isNull("next"));
            cursor = page.optJSONObject("next");
        }
        assertThat(got).containsExactlyInAnyOrderElementsOf(sent).doesNotHaveDuplicates();
        assertThat(sizes).hasSize(8);
    }
}
