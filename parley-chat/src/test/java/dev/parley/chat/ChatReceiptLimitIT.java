package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.LiveHeap;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The budget of receipts per user (docs/chat.md, "Receipt limits") with the official Java Socket.IO client against
 * the chat on SQLite: {@code message:delivered} and {@code message:read} take a token each, the one past the burst is
 * refused with the other limits' shape ({@code rate_limited}, {@code retryAfter}) and marks nothing, one without an
 * ack is dropped, all tabs of a user share one bucket, a receipt for a message known delivered is free, and with the
 * default budget a reader taking in a backlog of 500 messages is never refused. The buckets' clock is injected and
 * stands still unless a test moves it: time passes without sleeping.
 */
class ChatReceiptLimitIT extends ChatTestBase {
    private static final int BURST = 5;
    /** Tokens a second: one every 500 ms. */
    private static final int PER_SECOND = 2;
    private final AtomicLong clock = new AtomicLong();
    /** The default budget (a test whose name starts with "defaults"), else {@link #BURST} and {@link #PER_SECOND}. */
    private final ChatReceiptConfig budget;

    ChatReceiptLimitIT(TestInfo test) {
        boolean defaults = test.getTestMethod().orElseThrow().getName().startsWith("defaults");
        this.budget = defaults ? ChatReceiptConfig.DEFAULTS : new ChatReceiptConfig(BURST, PER_SECOND);
    }

    @Override
    protected LongSupplier clock() {
        return clock::get;
    }

    @Override
    protected ChatConfig.Builder configure(ChatConfig.Builder builder) {
        return builder.rateLimit(10_000, Duration.ofSeconds(10)).receipts(budget)
                .reads(new ChatReadConfig(1_000_000, 1_000_000));
    }

    private static JSONObject ok(JSONObject answer) {
        assertThat(answer.optBoolean("ok")).as(answer.toString()).isTrue();
        return answer;
    }

    private void assertRefused(JSONObject answer, long retryAfterMillis) throws Exception {
        assertThat(answer.optBoolean("ok", true)).as(answer.toString()).isFalse();
        assertThat(answer.getString("code")).isEqualTo("rate_limited");
        assertThat(answer.getString("error")).isEqualTo("You are sending receipts too fast: at most "
                + budget.perSecond() + " a second (" + budget.burst() + " at once)");
        assertThat(answer.getLong("retryAfter")).isEqualTo(retryAfterMillis);
    }

    /** {@code count} private messages from {@code from} to {@code to}; returns their ids. */
    private static List<Long> privateMessages(Socket from, String to, int count) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(ok(call(from, "private:send", json("to", to, "text", "hello " + i, "clientId",
                    UUID.randomUUID().toString()))).getJSONObject("message").getLong("id"));
        }
        return ids;
    }

    /** How many messages from {@code with} the store has as unread by the user of {@code socket}. */
    private static int unread(Socket socket, String with) throws Exception {
        JSONArray conversations = ok(call(socket, "conversations", json())).getJSONArray("conversations");
        for (int i = 0; i < conversations.length(); i++) {
            JSONObject conversation = conversations.getJSONObject(i);
            if (conversation.getString("with").equals(with)) {
                return conversation.getInt("unread");
            }
        }
        throw new AssertionError("no conversation with " + with);
    }

    @Test
    void everyReceiptTakesATokenAndTheOnePastTheBurstIsRefusedAndMarksNothing() throws Exception {
        Socket bob = register("bob").socket();
        Socket alice = register("alice").socket();
        List<Long> ids = privateMessages(bob, "alice", 10);
        for (int i = 0; i < BURST; i++) {
            ok(call(alice, i % 2 == 0 ? "message:read" : "message:delivered", json("id", ids.get(i))));
        }
        assertRefused(call(alice, "message:read", json("id", ids.get(BURST))), 500);
        assertRefused(call(alice, "message:delivered", json("id", ids.get(BURST + 1))), 500);
        // Three read marks (0, 2, 4) were taken; the refused one was not stored.
        assertThat(unread(alice, "bob")).isEqualTo(10 - 3);
        clock.addAndGet(Duration.ofMillis(300).toNanos());
        assertRefused(call(alice, "message:read", json("id", ids.get(BURST))), 200);
        clock.addAndGet(Duration.ofMillis(200).toNanos());
        ok(call(alice, "message:read", json("id", ids.get(BURST))));
        assertThat(unread(alice, "bob")).isEqualTo(10 - 4);
        assertRefused(call(alice, "message:read", json("id", ids.get(BURST + 1))), 500);
        // After an hour: the burst again, no more.
        clock.addAndGet(Duration.ofHours(1).toNanos());
        for (int i = 0; i < BURST; i++) {
            ok(call(alice, "message:read", json("id", ids.get(i))));
        }
        assertRefused(call(alice, "message:read", json("id", ids.get(9))), 500);
        // Other users have their own budget.
        List<Long> toBob = privateMessages(alice, "bob", 1);
        ok(call(bob, "message:read", json("id", toBob.get(0))));
    }

    @Test
    void aFloodWithoutAnAckIsDroppedPastTheBurst() throws Exception {
        Socket bob = register("bob").socket();
        Socket alice = register("alice").socket();
        List<Long> ids = privateMessages(bob, "alice", 100);
        for (long id : ids) {
            alice.emit("message:read", json("id", id));
        }
        // Handled in order: the conversations answer comes after the hundred receipts, of which BURST were marked.
        assertThat(unread(alice, "bob")).isEqualTo(100 - BURST);
        assertRefused(call(alice, "message:read", json("id", ids.get(99))), 500);
    }

    @Test
    void allTabsOfAUserShareOneBudget() throws Exception {
        Socket bob = register("bob").socket();
        Login alice = register("alice");
        Socket secondTab = connect(alice.token(), null);
        List<Long> ids = privateMessages(bob, "alice", BURST + 1);
        for (int i = 0; i < BURST; i++) {
            ok(call(i % 2 == 0 ? alice.socket() : secondTab, "message:delivered", json("id", ids.get(i))));
        }
        assertRefused(call(secondTab, "message:delivered", json("id", ids.get(BURST))), 500);
        assertRefused(call(connect(alice.token(), null), "message:read", json("id", ids.get(BURST))), 500);
    }

    @Test
    void aReceiptForAMessageKnownDeliveredIsFree() throws Exception {
        Socket bob = register("bob").socket();
        Socket alice = register("alice").socket();
        Socket carol = register("carol").socket();
        for (Socket s : new Socket[] {alice, bob, carol}) {
            ok(call(s, "room:join", json("room", "general")));
        }
        long id = ok(call(bob, "message:send", json("room", "general", "text", "hi all", "clientId", "c-1")))
                .getJSONObject("message").getLong("id");
        ok(call(carol, "message:delivered", json("id", id)));
        for (int i = 0; i < 100; i++) {
            ok(call(alice, "message:delivered", json("id", id)));
        }
        // The hundred took nothing: alice's whole burst is left.
        List<Long> ids = privateMessages(bob, "alice", BURST + 1);
        for (int i = 0; i < BURST; i++) {
            ok(call(alice, "message:read", json("id", ids.get(i))));
        }
        assertRefused(call(alice, "message:read", json("id", ids.get(BURST))), 500);
    }

    @Test
    void defaultsLetAReaderTakeInABacklogOf500MessagesAndRefuseOnePastTheBurst() throws Exception {
        Socket bob = register("bob").socket();
        Login alice = register("alice");
        alice.socket().disconnect();
        List<Long> ids = privateMessages(bob, "alice", ChatConfig.SYNC_PAGE);
        // Back: each waiting message is delivered, then read, as the web page does: 1,000 receipts at once.
        Socket back = connect(alice.token(), null);
        for (long id : ids) {
            ok(call(back, "message:delivered", json("id", id)));
        }
        for (long id : ids) {
            ok(call(back, "message:read", json("id", id)));
        }
        assertThat(unread(back, "bob")).isZero();
        assertRefused(call(back, "message:read", json("id", ids.get(0))), 1000 / ChatReceiptConfig.DEFAULT_PER_SECOND);
    }

    /**
     * 10,000 receipts that do work (a message looked up and its read mark set again) after 1,500 to warm up, answered,
     * then 10,000 refused: the live heap stays within 3 MiB (300 bytes a receipt) of where it was. What receipts keep
     * in memory is bounded: a bucket per user and the ids of the latest 10,000 delivered messages.
     */
    @Test
    void defaultsReceiptsLeaveTheLiveHeapWhereItWas() throws Exception {
        Socket bob = register("bob").socket();
        Socket alice = register("alice").socket();
        List<Long> ids = privateMessages(bob, "alice", 5);
        long bound = 3L * 1024 * 1024;
        long answered = heapGrowth(alice, ids, true);
        // The clock stands still from here: the burst spent, every receipt after it is refused.
        for (int i = 0; i < ChatReceiptConfig.DEFAULT_BURST; i++) {
            call(alice, "message:read", json("id", ids.get(0)));
        }
        long refused = heapGrowth(alice, ids, false);
        System.out.printf("ChatReceiptLimitIT: 10,000 answered receipts %+.2f MiB, 10,000 refused %+.2f MiB live heap%n",
                answered / 1048576.0, refused / 1048576.0);
        assertThat(answered).isLessThan(bound);
        assertThat(refused).isLessThan(bound);
    }

    /** Live heap growth over 2,000 rounds of a read receipt for each of 5 messages, after 300; checks the answers. */
    private long heapGrowth(Socket alice, List<Long> ids, boolean answered) throws Exception {
        for (int round = 0; round < 300; round++) {
            receiptRound(alice, ids, answered);
        }
        long before = LiveHeap.bytes();
        int ok = 0;
        for (int round = 0; round < 2_000; round++) {
            ok += receiptRound(alice, ids, answered);
        }
        long after = LiveHeap.bytes();
        assertThat(ok).isEqualTo(answered ? 5 * 2_000 : 0);
        return after - before;
    }

    /** One read receipt for each message; returns how many were answered ok. */
    private int receiptRound(Socket alice, List<Long> ids, boolean answered) throws Exception {
        if (answered) {
            clock.addAndGet(Duration.ofHours(1).toNanos()); // the bucket full again: every receipt of the round passes
        }
        int ok = 0;
        for (long id : ids) {
            ok += call(alice, "message:read", json("id", id)).optBoolean("ok") ? 1 : 0;
        }
        return ok;
    }
}
