package dev.parley.socketio.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.socketio.parser.EncodedPacket;
import dev.parley.socketio.parser.Packet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The recovery log's bounds, its timer-driven expiry and its gap rule, with a controlled clock and timer. */
class RecoveryLogTest {
    private static final Duration WINDOW = Duration.ofMinutes(2);
    private static final BroadcastOptions ALL = BroadcastOptions.all();

    private long now = 1_000_000_000L;
    private final List<Scheduled> timer = new ArrayList<>();

    private record Scheduled(long at, Runnable task) {
    }

    private RecoveryLog log(int maxPackets, long maxBytes) {
        return new RecoveryLog(WINDOW, maxPackets, maxBytes, () -> now,
                (delay, task) -> timer.add(new Scheduled(now + delay, task)));
    }

    /** Advances the clock and runs the timer tasks that are due, as the server's timer would. */
    private void advance(Duration by) {
        now += by.toNanos();
        boolean ran = true;
        while (ran) {
            ran = false;
            for (Scheduled s : List.copyOf(timer)) {
                if (s.at <= now) {
                    timer.remove(s);
                    s.task.run();
                    ran = true;
                }
            }
        }
    }

    /** Stamps and records an event as the adapter does; returns its offset. */
    private static String emit(RecoveryLog log, String text, BroadcastOptions options) {
        Packet stamped = log.stamp(Packet.event("/", List.of("tick", text), Packet.NO_ID));
        @SuppressWarnings("unchecked")
        List<Object> data = (List<Object>) stamped.data();
        log.record(new EncodedPacket("2" + data, List.of()), options);
        return (String) data.get(data.size() - 1);
    }

    private static SessionState session(String pid, Set<String> rooms) {
        return new SessionState("id-" + pid, pid, rooms, Map.of(), List.of());
    }

    @Test
    void keepsAtMostMaxPacketsTheOldestGoFirst() {
        RecoveryLog log = log(3, Long.MAX_VALUE);
        for (int i = 0; i < 10; i++) {
            emit(log, "t" + i, ALL);
            assertThat(log.packetCount()).isLessThanOrEqualTo(3);
        }
        assertThat(log.packetCount()).isEqualTo(3);
    }

    @Test
    void keepsAtMostMaxBytes() {
        long perPacket = RecoveryLog.sizeOf(new EncodedPacket("2[\"tick\",\"t0\",\"x-1\"]", List.of()), ALL);
        RecoveryLog log = log(Integer.MAX_VALUE, 10 * perPacket);
        for (int i = 0; i < 100; i++) {
            emit(log, "t" + i, ALL);
            assertThat(log.retainedBytes()).isLessThanOrEqualTo(10 * perPacket);
        }
        assertThat(log.packetCount()).isBetween(5, 10);
    }

    @Test
    void aPacketLargerThanTheByteBoundIsNotKept() {
        RecoveryLog log = log(100, 1000);
        emit(log, "x".repeat(2000), ALL);
        assertThat(log.packetCount()).isZero();
        assertThat(log.retainedBytes()).isZero();
    }

    @Test
    void countsNonLatin1TextTwiceItsLength() {
        long latin = RecoveryLog.sizeOf(new EncodedPacket("é".repeat(100), List.of()), ALL);
        long wide = RecoveryLog.sizeOf(new EncodedPacket("語".repeat(100), List.of()), ALL);
        assertThat(wide - latin).isEqualTo(100);
        assertThat(RecoveryLog.sizeOf(new EncodedPacket("a", List.of(new byte[1000])), ALL) - latin)
                .isGreaterThanOrEqualTo(1000 - 100);
    }

    @Test
    void packetsAndSessionsAreReleasedAsTheyAgeWithoutAnotherBroadcast() {
        RecoveryLog log = log(1000, Long.MAX_VALUE);
        for (int i = 0; i < 50; i++) {
            emit(log, "t" + i, ALL);
        }
        log.persist(session("p1", Set.of("r")));
        assertThat(timer).hasSize(1); // one sweep pending, not one per record
        advance(WINDOW.minusSeconds(1));
        assertThat(log.packetCount()).isEqualTo(50);
        advance(Duration.ofSeconds(3));
        assertThat(log.packetCount()).isZero();
        assertThat(log.retainedBytes()).isZero();
        assertThat(log.sessionCount()).isZero();
        assertThat(timer).isEmpty(); // nothing left: no sweep either
    }

    @Test
    void theSweepFollowsTheOldestEntry() {
        RecoveryLog log = log(1000, Long.MAX_VALUE);
        emit(log, "early", ALL);
        advance(Duration.ofSeconds(60));
        emit(log, "late", ALL);
        advance(Duration.ofSeconds(62));
        assertThat(log.packetCount()).isEqualTo(1);
        advance(Duration.ofSeconds(60));
        assertThat(log.packetCount()).isZero();
    }

    @Test
    void restoresTheMissedPacketsOfItsRoomsInOrderSharingOneCopy() {
        RecoveryLog log = log(100, Long.MAX_VALUE);
        String seen = emit(log, "seen", ALL);
        log.persist(session("a", Set.of("r")));
        log.persist(session("b", Set.of("r")));
        emit(log, "one", new BroadcastOptions(Set.of("r"), Set.of(), BroadcastFlags.DEFAULT));
        emit(log, "other room", new BroadcastOptions(Set.of("q"), Set.of(), BroadcastFlags.DEFAULT));
        emit(log, "two", ALL);
        SessionState a = log.restore("a", seen).orElseThrow();
        SessionState b = log.restore("b", seen).orElseThrow();
        assertThat(a.missedPackets()).extracting(EncodedPacket::text)
                .allMatch(t -> !t.contains("other room")).hasSize(2);
        assertThat(a.missedPackets().get(0).text()).contains("one");
        assertThat(a.missedPackets().get(1).text()).contains("two");
        for (int i = 0; i < 2; i++) {
            assertThat(b.missedPackets().get(i)).isSameAs(a.missedPackets().get(i));
        }
        assertThat(log.restore("a", seen)).as("restored once").isEmpty();
    }

    @Test
    void aClientWhoseNextPacketWasDroppedGetsNoRecovery() {
        RecoveryLog log = log(3, Long.MAX_VALUE);
        String seen = emit(log, "seen", ALL);
        log.persist(session("at-bound", Set.of()));
        log.persist(session("past-bound", Set.of()));
        for (int i = 0; i < 3; i++) {
            emit(log, "missed" + i, ALL);
        }
        // Exactly the bound: "seen" itself was dropped, but nothing after it.
        assertThat(log.restore("at-bound", seen)).get().extracting(s -> s.missedPackets().size()).isEqualTo(3);
        emit(log, "missed3", ALL);
        assertThat(log.restore("past-bound", seen)).isEmpty();
    }

    @Test
    void offsetsOfAnotherLogOrGarbageAreRefused() {
        RecoveryLog log = log(100, Long.MAX_VALUE);
        RecoveryLog other = log(100, Long.MAX_VALUE);
        emit(log, "t", ALL);
        String foreign = emit(other, "t", ALL);
        for (String offset : List.of(foreign, "", "zzzz", foreign.substring(0, foreign.indexOf('-') + 1) + "!",
                "0-" + "z".repeat(40))) {
            log.persist(session("p", Set.of()));
            assertThat(log.restore("p", offset)).as(offset).isEqualTo(Optional.empty());
        }
    }

    @Test
    void anExpiredSessionIsNotRestored() {
        RecoveryLog log = log(100, Long.MAX_VALUE);
        String seen = emit(log, "t", ALL);
        log.persist(session("p", Set.of()));
        advance(WINDOW.plusSeconds(2));
        assertThat(log.restore("p", seen)).isEmpty();
    }
}
