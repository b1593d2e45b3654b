package dev.parley.engineio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.engineio.CloseReason;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.engineio.EngineIoListener;
import dev.parley.engineio.EngineIoSocket;
import dev.parley.websocket.HandshakeRequest;
import dev.parley.websocket.spi.HandlerDispatch;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat of one session on a clock the test moves (the suites' 300 ms / 200 ms): the client gets
 * the full pingTimeout from when its ping is written, and a pong read before the deadline task gets to
 * judge it counts. The transport records writes and holds the "after writes" and "after pending reads"
 * tasks, which the test runs when the event loop would.
 */
class EngineSessionHeartbeatTest {
    private static final long MS = 1_000_000;

    private final ManualTimer timer = new ManualTimer();
    private final List<CloseReason> closes = new CopyOnWriteArrayList<>();
    private final TestTransport transport = new TestTransport();
    private EngineSession session;

    @BeforeEach
    void open() {
        EngineIoConfig config = EngineIoConfig.builder()
                .pingInterval(Duration.ofMillis(300)).pingTimeout(Duration.ofMillis(200)).build();
        EngineCore core = new EngineCore(config, new EngineIoListener() {
            @Override
            public void onClose(EngineIoSocket socket, CloseReason reason) {
                closes.add(reason);
            }
        });
        core.start(HandlerDispatch.inline(false), timer, timer::now);
        HandshakeRequest request = new HandshakeRequest(config.path(), Map.of(), Map.of(),
                new InetSocketAddress(0), false);
        session = core.newSession(request, null);
        session.openWithWebSocket(transport, "{}");
        transport.written.clear();
    }

    @Test
    void aPingWrittenLateLeavesTheClientTheFullTimeout() {
        timer.advanceTo(300 * MS);
        assertThat(transport.written).containsExactly(EnginePacket.PING_PACKET);
        // The event loop was busy: the ping reaches the connection 150 ms after it was due.
        timer.advanceTo(450 * MS);
        transport.runAfterWrites();
        timer.advanceTo(640 * MS); // past due + pingTimeout (500), within written + pingTimeout (650)
        assertThat(transport.pendingReads).isEmpty();
        assertThat(session.isOpen()).isTrue();
        session.onPacket(EnginePacket.of(EnginePacket.PONG, ""));
        timer.advanceTo(900 * MS);
        assertThat(session.isOpen()).isTrue();
        assertThat(closes).isEmpty();
    }

    @Test
    void aPingWrittenLateAndNeverAnsweredExpiresAtTheFullTimeoutAfterTheWrite() {
        timer.advanceTo(300 * MS);
        timer.advanceTo(450 * MS);
        transport.runAfterWrites();
        timer.advanceTo(649 * MS);
        assertThat(transport.pendingReads).isEmpty();
        timer.advanceTo(650 * MS);
        transport.runPendingReads();
        assertThat(session.isOpen()).isFalse();
        assertThat(closes).containsExactly(CloseReason.PING_TIMEOUT);
    }

    @Test
    void aPongReadBeforeTheDeadlineCheckKeepsTheSession() {
        timer.advanceTo(300 * MS);
        transport.runAfterWrites();
        timer.advanceTo(500 * MS); // the deadline task fires; the pong is still unread in the socket
        assertThat(session.isOpen()).isTrue();
        session.onPacket(EnginePacket.of(EnginePacket.PONG, "")); // the event loop reads it first
        transport.runPendingReads(); // then the deadline task gets to judge
        assertThat(session.isOpen()).isTrue();
        assertThat(closes).isEmpty();
        timer.advanceTo(800 * MS);
        assertThat(transport.written).containsExactly(EnginePacket.PING_PACKET, EnginePacket.PING_PACKET);
    }

    @Test
    void aPongReadAfterTheDeadlineButBeforeTheTaskRanCounts() {
        timer.advanceTo(300 * MS);
        transport.runAfterWrites();
        timer.advanceTo(499 * MS);
        session.onPacket(EnginePacket.of(EnginePacket.PONG, ""));
        timer.advanceTo(700 * MS);
        assertThat(session.isOpen()).isTrue();
    }

    @Test
    void anUnansweredPingEndsTheSessionWithPingTimeout() {
        timer.advanceTo(300 * MS);
        transport.runAfterWrites();
        timer.advanceTo(500 * MS);
        transport.runPendingReads();
        assertThat(session.isOpen()).isFalse();
        assertThat(closes).containsExactly(CloseReason.PING_TIMEOUT);
    }

    /**
     * The pong was read 150 ms after the ping was written (within pingTimeout; say the client read the ping
     * at once and the server's loop was busy): the next ping is due pingInterval after the first was written
     * (600), not after the pong (750). Counted from the pong, the client's own check (pingInterval +
     * pingTimeout = 500 between two pings it reads) would have had 50 ms left for the second ping's trip.
     */
    @Test
    void theNextPingIsAnIntervalAfterTheLastWasWrittenNotAfterItsPong() {
        timer.advanceTo(300 * MS);
        transport.runAfterWrites();
        timer.advanceTo(450 * MS);
        session.onPacket(EnginePacket.of(EnginePacket.PONG, ""));
        timer.advanceTo(599 * MS);
        assertThat(transport.written).containsExactly(EnginePacket.PING_PACKET);
        timer.advanceTo(600 * MS);
        assertThat(transport.written).containsExactly(EnginePacket.PING_PACKET, EnginePacket.PING_PACKET);
    }

    @Test
    void aPingWrittenLateSetsTheNextFromItsWrite() {
        timer.advanceTo(300 * MS);
        timer.advanceTo(400 * MS); // the event loop wrote it 100 ms after it was queued
        transport.runAfterWrites();
        timer.advanceTo(450 * MS);
        session.onPacket(EnginePacket.of(EnginePacket.PONG, ""));
        timer.advanceTo(699 * MS);
        assertThat(transport.written).containsExactly(EnginePacket.PING_PACKET);
        timer.advanceTo(700 * MS);
        assertThat(transport.written).containsExactly(EnginePacket.PING_PACKET, EnginePacket.PING_PACKET);
    }

    @Test
    void aSteadyClientIsPingedEveryIntervalHoweverLongItTakesToAnswer() {
        for (int round = 1; round <= 5; round++) {
            timer.advanceTo(round * 300 * MS);
            transport.runAfterWrites();
            assertThat(transport.written).hasSize(round);
            timer.advanceTo((round * 300 + 190) * MS); // every pong 190 ms after its ping
            session.onPacket(EnginePacket.of(EnginePacket.PONG, ""));
        }
        assertThat(session.isOpen()).isTrue();
        assertThat(closes).isEmpty();
    }

    /**
     * The client sent a message while its ping waited (its loop answers the ping after what it sent before):
     * read 150 ms after the ping was written, it gives the client pingTimeout from there, as the reference
     * server refreshes its timer on the first packet other than a pong. The deadline task that fires at the
     * old deadline finds the window moved and waits.
     */
    @Test
    void aMessageReadWhileThePingWaitsGivesTheClientTheFullTimeoutFromItsRead() {
        timer.advanceTo(300 * MS);
        transport.runAfterWrites();
        timer.advanceTo(450 * MS);
        session.packetRead(transport);
        timer.advanceTo(500 * MS); // the old deadline
        assertThat(transport.pendingReads).isEmpty();
        timer.advanceTo(640 * MS);
        session.onPacket(EnginePacket.of(EnginePacket.PONG, ""));
        timer.advanceTo(900 * MS);
        assertThat(session.isOpen()).isTrue();
        assertThat(closes).isEmpty();
    }

    @Test
    void aMessageRefreshesAPingOnceAndTheClientStillMustAnswer() {
        timer.advanceTo(300 * MS);
        transport.runAfterWrites();
        timer.advanceTo(400 * MS);
        session.packetRead(transport);
        timer.advanceTo(550 * MS);
        session.packetRead(transport); // a second message: no second refresh
        timer.advanceTo(599 * MS);
        assertThat(transport.pendingReads).isEmpty();
        timer.advanceTo(600 * MS);
        transport.runPendingReads();
        assertThat(session.isOpen()).isFalse();
        assertThat(closes).containsExactly(CloseReason.PING_TIMEOUT);
    }

    @Test
    void aMessageOnAnotherTransportRefreshesNothing() {
        timer.advanceTo(300 * MS);
        transport.runAfterWrites();
        timer.advanceTo(450 * MS);
        session.packetRead(new TestTransport()); // e.g. a probe that is not the session's transport yet
        timer.advanceTo(500 * MS);
        transport.runPendingReads();
        assertThat(closes).containsExactly(CloseReason.PING_TIMEOUT);
    }

    @Test
    void theHeartbeatIsOneEntryMovedFromPingToDeadlineToPingWithNoTimeoutObjects() {
        assertThat(timer.armed()).containsExactly(300 * MS);
        timer.advanceTo(300 * MS);
        assertThat(timer.armed()).as("the pong deadline").containsExactly(500 * MS);
        transport.runAfterWrites();
        timer.advanceTo(350 * MS);
        session.onPacket(EnginePacket.of(EnginePacket.PONG, ""));
        assertThat(timer.armed()).as("the next ping").containsExactly(600 * MS);
        assertThat(timer.pendingTimeouts()).isZero();
    }

    @Test
    void aClosedSessionLeavesNothingArmed() {
        timer.advanceTo(300 * MS);
        session.close();
        assertThat(timer.armed()).isEmpty();
        assertThat(closes).containsExactly(CloseReason.FORCED_CLOSE);
    }

    /**
     * From another thread (a pong read before the session's listener ran, a close by the application) the
     * entry is moved by a task of its loop, which reads the state it finds then: late or out of order, the
     * entry ends where the latest state puts it.
     */
    @Test
    void aPongOffTheLoopMovesTheEntryWhenTheLoopGetsToIt() {
        timer.advanceTo(300 * MS);
        transport.runAfterWrites();
        timer.offLoop(true);
        session.onPacket(EnginePacket.of(EnginePacket.PONG, ""));
        assertThat(timer.armed()).as("not yet moved").containsExactly(500 * MS);
        timer.advanceTo(360 * MS);
        session.close();
        timer.runLoopTasks();
        assertThat(timer.armed()).as("both tasks found the session closed").isEmpty();
        assertThat(closes).containsExactly(CloseReason.FORCED_CLOSE);
    }

    @Test
    void aPongOffTheLoopArmsTheNextPingAnIntervalAfterTheWrite() {
        timer.advanceTo(300 * MS);
        transport.runAfterWrites();
        timer.offLoop(true);
        timer.advanceTo(350 * MS);
        session.onPacket(EnginePacket.of(EnginePacket.PONG, ""));
        timer.advanceTo(400 * MS);
        timer.runLoopTasks();
        assertThat(timer.armed()).containsExactly(600 * MS);
        timer.offLoop(false);
        timer.advanceTo(600 * MS);
        assertThat(transport.written).containsExactly(EnginePacket.PING_PACKET, EnginePacket.PING_PACKET);
    }

    /** Writable like an open WebSocket; the tasks it would queue on its event loop wait for the test. */
    private static final class TestTransport implements Transport {
        final List<EnginePacket> written = new CopyOnWriteArrayList<>();
        final List<Runnable> afterWrites = new ArrayList<>();
        final List<Runnable> pendingReads = new ArrayList<>();
        boolean open = true;

        @Override
        public String name() {
            return EngineIoConfig.WEBSOCKET;
        }

        @Override
        public boolean isWritable() {
            return open;
        }

        @Override
        public void write(List<EnginePacket> packets) {
            written.addAll(packets);
        }

        @Override
        public void close(boolean byClient) {
            open = false;
        }

        @Override
        public void afterWrites(Runnable task) {
            afterWrites.add(task);
        }

        @Override
        public void afterPendingReads(Runnable task) {
            pendingReads.add(task);
        }

        void runAfterWrites() {
            List<Runnable> tasks = new ArrayList<>(afterWrites);
            afterWrites.clear();
            tasks.forEach(Runnable::run);
        }

        void runPendingReads() {
            assertThat(pendingReads).isNotEmpty();
            List<Runnable> tasks = new ArrayList<>(pendingReads);
            pendingReads.clear();
            tasks.forEach(Runnable::run);
        }
    }
}
