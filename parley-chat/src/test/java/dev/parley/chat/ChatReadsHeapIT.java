package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.LiveHeap;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * One client looping the chat's newer reads ({@code search}, {@code mentions}, {@code changes},
 * {@code history:around}, {@code history:newer}) against the real chat, the official Java Socket.IO client in this
 * JVM: the live heap after thousands of them is the heap after a few hundred, within a bound, whether they are
 * answered (a budget that lets them all through) or refused (a spent budget). A request that left anything behind
 * (an ack, a cursor, a statement, a log entry) would show as growth.
 * Runs on SQLite and on PostgreSQL ({@link ChatStoresTestBase}).
 */
class ChatReadsHeapIT extends ChatStoresTestBase {
    private static final int WARM_UP = 300;
    private static final int ROUNDS = 2_000;
    /** 2,000 rounds of 5 reads: 10,000 requests, so 3 MiB is 300 bytes a request. */
    private static final long BOUND = 3L * 1024 * 1024;

    /** The refusal test: a budget of one read, on a clock that stands still, so that every read after it is refused. */
    private final boolean refusing;

    ChatReadsHeapIT(TestInfo test) {
        this.refusing = test.getTestMethod().orElseThrow().getName().startsWith("refused");
    }

    @Override
    protected LongSupplier clock() {
        return refusing ? () -> 0 : System::nanoTime;
    }

    @Override
    protected ChatConfig.Builder configure(ChatConfig.Builder builder) {
        // The search limit's sliding log keeps one entry per search in its window: a 1 ms window keeps it empty, so
        // that what is measured is the reads, not a log this test asks to fill.
        return builder.rateLimit(1000, Duration.ofSeconds(10))
                .search(ChatSearchConfig.DEFAULTS.withLimit(1_000_000, Duration.ofMillis(1)))
                .reads(refusing ? new ChatReadConfig(1, 1) : new ChatReadConfig(1_000_000_000, 1_000_000_000));
    }

    private static JSONObject ok(JSONObject answer) {
        assertThat(answer.optBoolean("ok")).as(answer.toString()).isTrue();
        return answer;
    }

    /** bob writes 60 messages mentioning alice in general and edits 10 of them; returns the id of one in the middle. */
    private long aRoomWithHistory(Socket alice, Socket bob) throws Exception {
        ok(call(alice, "room:join", json("room", "general")));
        ok(call(bob, "room:join", json("room", "general")));
        long middle = 0;
        for (int i = 0; i < 60; i++) {
            long id = ok(call(bob, "message:send", json("room", "general", "text", "hello world " + i + " @alice",
                    "clientId", UUID.randomUUID().toString()))).getJSONObject("message").getLong("id");
            if (i % 6 == 0) {
                ok(call(bob, "message:edit", json("id", id, "text", "hello again " + i + " @alice")));
            }
            if (i == 30) {
                middle = id;
            }
        }
        return middle;
    }

    /** One of each read; returns how many were answered ok. */
    private static int round(Socket alice, long id) throws Exception {
        int ok = 0;
        for (JSONObject answer : new JSONObject[] {
                call(alice, "search", json("q", "hello")),
                call(alice, "mentions", json()),
                call(alice, "changes", json("room", "general", "since", 0)),
                call(alice, "history:around", json("room", "general", "id", id)),
                call(alice, "history:newer", json("room", "general", "after", id))}) {
            ok += answer.optBoolean("ok") ? 1 : 0;
        }
        return ok;
    }

    /** Live heap growth over {@link #ROUNDS} rounds after {@link #WARM_UP}; checks how many reads were answered. */
    private long growth(Socket alice, long id, boolean answered) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            round(alice, id);
        }
        long before = LiveHeap.bytes();
        int ok = 0;
        for (int i = 0; i < ROUNDS; i++) {
            ok += round(alice, id);
        }
        long after = LiveHeap.bytes();
        assertThat(ok).isEqualTo(answered ? 5 * ROUNDS : 0);
        return after - before;
    }

    @Test
    void answeredReadsLeaveTheLiveHeapWhereItWas() throws Exception {
        Socket alice = register("alice").socket();
        Socket bob = register("bob").socket();
        long id = aRoomWithHistory(alice, bob);
        long growth = growth(alice, id, true);
        System.out.printf("ChatReadsHeapIT (%s): %,d answered reads: %+.2f MiB live heap%n", store,
                5 * ROUNDS, growth / 1048576.0);
        assertThat(growth).isLessThan(BOUND);
    }

    @Test
    void refusedReadsLeaveTheLiveHeapWhereItWas() throws Exception {
        Socket alice = register("alice").socket();
        Socket bob = register("bob").socket();
        long id = aRoomWithHistory(alice, bob);
        ok(call(alice, "mentions", json())); // the budget's one read
        long growth = growth(alice, id, false);
        System.out.printf("ChatReadsHeapIT (%s): %,d refused reads: %+.2f MiB live heap%n", store,
                5 * ROUNDS, growth / 1048576.0);
        assertThat(growth).isLessThan(BOUND);
    }
}
