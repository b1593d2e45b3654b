package dev.parley.engineio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeartbeatTest {
    private static final long INTERVAL = 300;
    private static final long TIMEOUT = 200;
    private final Heartbeat heartbeat = new Heartbeat(INTERVAL, TIMEOUT);

    @Test
    void theWindowCountsFromWhenThePingWasSent() {
        heartbeat.pingSent(1_000);
        assertThat(heartbeat.expired(1_199)).isFalse();
        assertThat(heartbeat.expired(1_200)).isTrue();
    }

    @Test
    void aPingWrittenLateStillLeavesTheFullTimeout() {
        heartbeat.pingSent(1_000);
        heartbeat.pingWritten(1_150); // the event loop got to the write 150 late
        assertThat(heartbeat.expired(1_349)).isFalse();
        assertThat(heartbeat.remaining(1_349)).isEqualTo(1);
        assertThat(heartbeat.expired(1_350)).isTrue();
    }

    @Test
    void aWriteNeverShortensTheWindow() {
        heartbeat.pingSent(1_000);
        heartbeat.pingWritten(900);
        assertThat(heartbeat.remaining(1_000)).isEqualTo(TIMEOUT);
    }

    @Test
    void aPongCountsHoweverLateTheCheckRuns() {
        heartbeat.pingSent(1_000);
        heartbeat.pongReceived();
        assertThat(heartbeat.awaitingPong()).isFalse();
        assertThat(heartbeat.expired(5_000)).isFalse();
    }

    @Test
    void aWriteReportedAfterThePongChangesNothing() {
        heartbeat.pingSent(1_000);
        heartbeat.pongReceived();
        heartbeat.pingWritten(1_100);
        assertThat(heartbeat.awaitingPong()).isFalse();
    }

    @Test
    void noPingNoDeadline() {
        assertThat(heartbeat.expired(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void theClockMayWrap() {
        heartbeat.pingSent(Long.MAX_VALUE - 50);
        assertThat(heartbeat.expired(Long.MAX_VALUE)).isFalse();
        assertThat(heartbeat.expired(Long.MIN_VALUE + 149)).isTrue();
    }

    @Test
    void theFirstPingIsAnIntervalAfterTheOpen() {
        heartbeat.opened(1_000);
        assertThat(heartbeat.nextPingDelay(1_000)).isEqualTo(INTERVAL);
        assertThat(heartbeat.nextPingDelay(1_100)).as("asked later, due no later").isEqualTo(INTERVAL - 100);
        assertThat(heartbeat.nextPingDelay(1_400)).isZero();
    }

    @Test
    void theNextPingIsAnIntervalAfterTheLastWasWrittenNotAfterThePong() {
        heartbeat.pingSent(1_000);
        heartbeat.pingWritten(1_050);
        heartbeat.pongReceived(); // at 1_200: the client took 150 to answer
        assertThat(heartbeat.nextPingDelay(1_200)).isEqualTo(150); // at 1_350 = 1_050 + INTERVAL, not 1_500
    }

    @Test
    void aPongLaterThanTheIntervalGetsTheNextPingAtOnce() {
        Heartbeat longTimeout = new Heartbeat(INTERVAL, 2 * INTERVAL);
        longTimeout.pingSent(1_000);
        longTimeout.pongReceived();
        assertThat(longTimeout.nextPingDelay(1_400)).isZero();
    }

    @Test
    void aPacketReadWhileThePingWaitsGivesTheFullTimeoutFromItsRead() {
        heartbeat.pingSent(1_000);
        assertThat(heartbeat.packetRead(1_150)).isTrue();
        assertThat(heartbeat.expired(1_349)).isFalse();
        assertThat(heartbeat.expired(1_350)).isTrue();
    }

    @Test
    void onlyTheFirstPacketAfterAPingRefreshesItsWindow() {
        heartbeat.pingSent(1_000);
        heartbeat.packetRead(1_100);
        assertThat(heartbeat.packetRead(1_250)).isFalse();
        assertThat(heartbeat.expired(1_300)).isTrue();
        heartbeat.pongReceived();
        heartbeat.pingSent(2_000); // the next ping may be refreshed again
        assertThat(heartbeat.packetRead(2_100)).isTrue();
        assertThat(heartbeat.remaining(2_100)).isEqualTo(TIMEOUT);
    }

    @Test
    void aPacketNeverShortensTheWindow() {
        heartbeat.pingSent(1_000);
        heartbeat.pingWritten(1_150); // deadline 1_350
        assertThat(heartbeat.packetRead(1_100)).isFalse(); // read before the write: 1_300 would be earlier
        assertThat(heartbeat.remaining(1_100)).isEqualTo(250);
    }

    @Test
    void aPacketWithNoPingWaitingChangesNothing() {
        assertThat(heartbeat.packetRead(1_000)).isFalse();
        heartbeat.pingSent(1_000);
        heartbeat.pongReceived();
        assertThat(heartbeat.packetRead(1_100)).isFalse();
        heartbeat.pingSent(2_000);
        assertThat(heartbeat.packetRead(2_050)).isTrue(); // not used up while no ping waited
    }
}
