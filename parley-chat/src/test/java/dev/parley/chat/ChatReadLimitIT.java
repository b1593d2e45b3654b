package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.socket.client.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * The budget of reads per user (docs/chat.md, "Reading limits") with the official Java Socket.IO client against the
 * chat on SQLite: every read event takes a token, the one past the burst is refused with the message limit's shape
 * ({@code rate_limited}, {@code retryAfter}), all tabs of a user share one bucket, a token comes back at the
 * configured rate, a read without an ack is not charged, and no request gets a bigger page than the server's. The
 * buckets' clock is injected: time passes without sleeping. The budget does not depend on the store, so there is
 * no PostgreSQL run of this class; the reads' work on PostgreSQL is covered by {@code ChatReadsHeapIT}.
 */
class ChatReadLimitIT extends ChatTestBase {
    /** Tokens a second: one every 500 ms. */
    private static final int PER_SECOND = 2;
    private final AtomicLong clock = new AtomicLong();

    @Override
    protected LongSupplier clock() {
        return clock::get;
    }

    @Override
    protected ChatConfig.Builder configure(ChatConfig.Builder builder) {
        return builder.rateLimit(1000, Duration.ofSeconds(10))
                .reads(new ChatReadConfig(readEvents(0).size(), PER_SECOND));
    }

    /** One request of each read event, in a room with message {@code id} and a conversation with bob. */
    private static Map<String, JSONObject> readEvents(long id) {
        Map<String, JSONObject> reads = new LinkedHashMap<>();
        try {
            reads.put("history", json("room", "general", "before", 0));
            reads.put("private:history", json("with", "bob", "before", 0));
            reads.put("history:around", json("room", "general", "id", id));
            reads.put("history:newer", json("room", "general", "after", 0));
            reads.put("sync", json("room", "general", "after", 0));
            reads.put("changes", json("room", "general", "since", 0));
            reads.put("conversations", json());
            reads.put("announcements", json());
            reads.put("mentions", json());
            reads.put("mentions:read", json("room", "general", "upTo", id));
            reads.put("search", json("q", "hello"));
            reads.put("rooms:list", json());
            reads.put("presence:list", json());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return reads;
    }

    private static JSONObject ok(JSONObject answer) {
        assertThat(answer.optBoolean("ok")).as(answer.toString()).isTrue();
        return answer;
    }

    /** alice in general, with a message there (mentioning bob) and one to bob; returns the room message's id. */
    private long aliceHasSaidHello(Socket alice) throws Exception {
        ok(call(alice, "room:join", json("room", "general")));
        ok(call(alice, "private:send", json("to", "bob", "text", "hello bob", "clientId", UUID.randomUUID().toString())));
        return ok(call(alice, "message:send", json("room", "general", "text", "hello @bob", "clientId",
                UUID.randomUUID().toString()))).getJSONObject("message").getLong("id");
    }

    private static void assertRefused(JSONObject answer, long retryAfterMillis) throws Exception {
        assertThat(answer.optBoolean("ok", true)).as(answer.toString()).isFalse();
        assertThat(answer.getString("code")).isEqualTo("rate_limited");
        assertThat(answer.getString("error")).isEqualTo("You are reading too fast: at most " + PER_SECOND
                + " requests a second (" + readEvents(0).size() + " at once)");
        assertThat(answer.getLong("retryAfter")).isEqualTo(retryAfterMillis);
    }

    @Test
    void everyReadTakesATokenAndTheOnePastTheBurstIsRefusedWithRetryAfter() throws Exception {
        register("bob");
        Socket alice = register("alice").socket();
        long id = aliceHasSaidHello(alice);
        // One of each: had any of them not taken a token, the history after them would pass.
        for (Map.Entry<String, JSONObject> read : readEvents(id).entrySet()) {
            ok(call(alice, read.getKey(), read.getValue()));
        }
        assertRefused(call(alice, "history", json("room", "general", "before", 0)), 1000 / PER_SECOND);
        for (Map.Entry<String, JSONObject> read : readEvents(id).entrySet()) {
            assertRefused(call(alice, read.getKey(), read.getValue()), 1000 / PER_SECOND);
        }
        // Writes have their own limit, and other users their own budget.
        ok(call(alice, "message:send", json("room", "general", "text", "still here", "clientId", "c-1")));
        Socket bob = connect(null, "carol");
        ok(call(bob, "room:join", json("room", "general")));
        ok(call(bob, "history", json("room", "general", "before", 0)));
    }

    @Test
    void aTokenComesBackAtTheRateAndNoMoreThanTheBurstAfterAPause() throws Exception {
        register("bob");
        Socket alice = register("alice").socket();
        long id = aliceHasSaidHello(alice);
        int burst = readEvents(id).size();
        for (int i = 0; i < burst; i++) {
            ok(call(alice, "mentions", json()));
        }
        assertRefused(call(alice, "mentions", json()), 500);
        clock.addAndGet(Duration.ofMillis(300).toNanos());
        assertRefused(call(alice, "mentions", json()), 200);
        clock.addAndGet(Duration.ofMillis(200).toNanos());
        ok(call(alice, "mentions", json()));
        assertRefused(call(alice, "mentions", json()), 500);
        clock.addAndGet(Duration.ofHours(1).toNanos());
        for (int i = 0; i < burst; i++) {
            ok(call(alice, "search", json("q", "hello")));
        }
        assertRefused(call(alice, "search", json("q", "hello")), 500);
    }

    @Test
    void allTabsOfAUserShareOneBudget() throws Exception {
        register("bob");
        Login alice = register("alice");
        long id = aliceHasSaidHello(alice.socket());
        Socket secondTab = connect(alice.token(), null);
        int burst = readEvents(id).size();
        for (int i = 0; i < burst; i++) {
            ok(call(i % 2 == 0 ? alice.socket() : secondTab, "presence:list", json()));
        }
        assertRefused(call(secondTab, "presence:list", json()), 500);
        assertRefused(call(alice.socket(), "rooms:list", json()), 500);
        Socket thirdTab = connect(alice.token(), null);
        assertRefused(call(thirdTab, "conversations", json()), 500);
    }

    @Test
    void aReadSentWithoutAnAckIsDroppedUncharged() throws Exception {
        register("bob");
        Socket alice = register("alice").socket();
        long id = aliceHasSaidHello(alice);
        for (int i = 0; i < 100; i++) {
            alice.emit("sync", json("room", "general", "after", 0));
        }
        // Handled in order: the acked reads come after the hundred above, and find the whole burst.
        for (Map.Entry<String, JSONObject> read : readEvents(id).entrySet()) {
            ok(call(alice, read.getKey(), read.getValue()));
        }
        assertRefused(call(alice, "sync", json("room", "general", "after", 0)), 500);
    }

    @Test
    void aPageIsTheServersSizeWhateverTheRequestAsks() throws Exception {
        register("bob");
        Socket alice = register("alice").socket();
        ok(call(alice, "room:join", json("room", "general")));
        for (int i = 0; i < ChatConfig.HISTORY_PAGE + 10; i++) {
            ok(call(alice, "message:send", json("room", "general", "text", "hello " + i, "clientId", "c-" + i)));
        }
        JSONObject huge = json("room", "general", "before", 0, "limit", 1_000_000, "pageSize", 1_000_000, "size",
                1_000_000);
        assertThat(ok(call(alice, "history", huge)).getJSONArray("messages").length()).isEqualTo(ChatConfig.HISTORY_PAGE);
        JSONObject newer = json("room", "general", "after", 0, "limit", 1_000_000);
        assertThat(ok(call(alice, "history:newer", newer)).getJSONArray("messages").length())
                .isEqualTo(ChatConfig.HISTORY_PAGE);
        JSONObject search = json("q", "hello", "limit", 1_000_000, "pageSize", 1_000_000);
        assertThat(ok(call(alice, "search", search)).getJSONArray("results").length())
                .isEqualTo(ChatSearchConfig.DEFAULT_PAGE_SIZE);
    }
}
