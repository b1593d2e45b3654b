package dev.parley.benchmarks.load;

import java.time.Duration;
import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;

/**
 * The accounting of a {@code chat} run: who is in which room, what was sent, stored and delivered, and the
 * latencies. User {@code u} is in room {@code u % rooms}, at place {@code u / rooms} among its members.
 * Every message the server acknowledged {@code ok} (stored), at any time of the run, must reach each other
 * member of its room that was ready when sending started, once; the latencies are those of the messages
 * stamped in the window ({@link LatencyStats}): send to ack ("stored") and send to each other member's socket
 * ("delivered"), both from the scheduled send time. Thread-safe: event loops record, the scenario reads.
 */
final class ChatLedger {
    private final int rooms;
    private final ChatMember[] members;
    private final boolean[] ready;
    private final int[] readyPerRoom;
    /** Set once everyone has joined, before the first message. */
    private volatile LatencyStats window;
    private final Recorder deliveries = new Recorder(3);
    private final LongAdder sent = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final LongAdder stored = new LongAdder();
    private final LongAdder storedInWindow = new LongAdder();
    private final LongAdder expected = new LongAdder();
    private final LongAdder arrived = new LongAdder();
    private final LongAdder arrivedInWindow = new LongAdder();
    private final LongAdder ownEchoes = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder misrouted = new LongAdder();
    private final LongAdder receipts = new LongAdder();
    private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();

    /** {@code users} in {@code rooms}. */
    ChatLedger(int users, int rooms) {
        this.rooms = rooms;
        this.members = new ChatMember[users];
        this.ready = new boolean[users];
        this.readyPerRoom = new int[rooms];
        for (int u = 0; u < users; u++) {
            members[u] = new ChatMember(u, roomSize(room(u)));
        }
    }

    int room(int user) {
        return user % rooms;
    }

    int place(int user) {
        return user / rooms;
    }

    /** Users in room {@code room}: the first rooms get one more when they do not divide evenly. */
    int roomSize(int room) {
        int users = members.length;
        return users / rooms + (room < users % rooms ? 1 : 0);
    }

    ChatMember member(int user) {
        return members[user];
    }

    /**
     * The measured window, which also records the acks' latencies and counts the messages sent in it; set
     * before the first message is sent.
     */
    void window(LatencyStats measured) {
        this.window = measured;
    }

    /** User {@code user} joined its room; call for each before sending starts. */
    void ready(int user) {
        if (!ready[user]) {
            ready[user] = true;
            readyPerRoom[room(user)]++;
        }
    }

    int readyIn(int room) {
        return readyPerRoom[room];
    }

    // ---- recorded on the event loops ----

    void sent() {
        sent.increment();
    }

    /** {@code sender}'s message {@code seq}, stamped {@code stampNanos}, was acknowledged {@code ok} at {@code nowNanos}. */
    void stored(ChatMember sender, long seq, long stampNanos, long nowNanos) {
        sender.stored(seq);
        stored.increment();
        expected.add(readyPerRoom[room(sender.user())] - 1);
        if (window.inWindow(stampNanos)) {
            storedInWindow.increment();
        }
        window.answered(stampNanos, nowNanos);
        answered.increment();
    }

    /** A message was refused with {@code code} (its ack said {@code ok: false}). */
    void refused(String code) {
        refused.computeIfAbsent(code, c -> new LongAdder()).increment();
        answered.increment();
    }

    /**
     * A message from someone else, {@code stamp}, reached {@code receiver} at {@code nowNanos}. Returns whether it
     * was its first arrival there (a duplicate or a message from another room is counted, and false).
     */
    boolean delivered(ChatMember receiver, ChatWire.Stamp stamp, long nowNanos) {
        if (stamp.user() >= members.length || room(stamp.user()) != room(receiver.user())) {
            misrouted.increment();
            return false;
        }
        if (!receiver.received(place(stamp.user()), stamp.seq())) {
            return false;
        }
        arrived.increment();
        if (window.inWindow(stamp.stampNanos())) {
            deliveries.recordValue(Math.max(0, nowNanos - stamp.stampNanos()));
            arrivedInWindow.increment();
        }
        return true;
    }

    /** The sender's own message came back to it (the server sends a room message to the whole room). */
    void ownEcho() {
        ownEchoes.increment();
    }

    /** A {@code message} event without a {@code clientId} of this scenario. */
    void malformed() {
        malformed.increment();
    }

    void receiptSent() {
        receipts.increment();
    }

    // ---- read by the scenario ----

    /** Waits until every message sent is answered and every stored one arrived everywhere, or the timeout. */
    void drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline
                && (answered.sum() < sent.sum() || arrived.sum() < expected.sum())) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /** The figures of the run, the window being {@code windowSeconds} long; call once, after the drain. */
    void putResults(Map<String, Object> results, double windowSeconds) {
        long inWindow = window.sentInWindow();
        results.put("messagesSent", sent.sum());
        results.put("messagesSentInWindow", inWindow);
        results.put("messagesStoredInWindow", storedInWindow.sum());
        results.put("messagesStoredPerSecond", CpuMeter.round(storedInWindow.sum() / windowSeconds, 1));
        results.put("messagesUnanswered", sent.sum() - answered.sum());
        Map<String, Long> refusals = new TreeMap<>();
        refused.forEach((code, n) -> refusals.put(code, n.sum()));
        results.put("messagesRefused", refusals);
        results.put("deliveriesPerSecond", CpuMeter.round(arrivedInWindow.sum() / windowSeconds, 1));
        results.put("deliveryLatency", HistogramSummary.micros(deliveries.getIntervalHistogram()));
        results.put("storedLatency", HistogramSummary.micros(window.histogram()));
        putLoss(results);
        results.put("ownEchoes", ownEchoes.sum());
        results.put("receiptsSent", receipts.sum());
    }

    /** Per message and member: every stored message against what each other ready member of its room got. */
    private void putLoss(Map<String, Object> results) {
        long missing = 0;
        long unconfirmed = 0;
        long duplicates = 0;
        long membersMissing = 0;
        BitSet[] storedBy = new BitSet[members.length];
        for (int u = 0; u < members.length; u++) {
            storedBy[u] = members[u].storedMessages();
        }
        for (int r = 0; r < members.length; r++) {
            if (!ready[r]) {
                continue;
            }
            ChatMember receiver = members[r];
            duplicates += receiver.duplicates();
            long missingHere = 0;
            for (int s = room(r); s < members.length; s += rooms) {
                if (s != r && ready[s]) {
                    missingHere += receiver.missing(place(s), storedBy[s]);
                    unconfirmed += receiver.unconfirmed(place(s), storedBy[s]);
                }
            }
            missing += missingHere;
            membersMissing += missingHere > 0 ? 1 : 0;
        }
        long expectedAll = expected.sum();
        results.put("messagesStored", stored.sum());
        results.put("expectedDeliveries", expectedAll);
        results.put("receivedDeliveries", arrived.sum());
        results.put("missingDeliveries", missing);
        results.put("lossPercent", expectedAll > 0 ? CpuMeter.round(100.0 * missing / expectedAll, 4) : 0.0);
        results.put("membersMissingMessages", membersMissing);
        results.put("duplicateDeliveries", duplicates);
        results.put("deliveriesNotAcknowledgedToSender", unconfirmed);
        results.put("deliveriesFromOtherRooms", misrouted.sum());
        results.put("malformedMessages", malformed.sum());
    }
}
