package dev.parley.engineio.internal;

/**
 * The heartbeat rule of one session (Engine.IO v4, "Heartbeat"), in plain values: the caller passes the
 * time ({@code System.nanoTime()} in the server, a test's clock in tests); used under the session's lock.
 *
 * <ul>
 *   <li>After a ping the client has {@code pingTimeout} to answer, counted as the reference server counts
 *   it, from when the ping is handed to the transport, not from when it was due: a ping written late (a
 *   busy event loop, a cold JIT, a timer tick behind) never shortens the client's window, and a pong read
 *   before the deadline is checked always counts.</li>
 *   <li>Pings go out every {@code pingInterval}, counted from the previous ping's write, not from its pong
 *   (the reference server waits {@code pingInterval} after the pong), and never before the pong. The
 *   client's own check allows {@code pingInterval + pingTimeout} between two pings it reads. Counted from
 *   the pong, everything between the client's read of one ping and the server's write of the next comes
 *   out of that margin: the pong's trip, the server reading it late (a busy event loop, a cold JIT), the
 *   timer's tick. A loaded server thus made its clients drop ("ping timeout" on their side) although each
 *   answered in time. Counted from the write, only the lateness of the next ping's own write does (the
 *   client's read lag counts for both pings, so it cancels out).</li>
 * </ul>
 */
final class Heartbeat {
    private final long intervalNanos;
    private final long timeoutNanos;
    private boolean awaitingPong;
    private long deadline;
    /** A packet read since the last ping already refreshed its window (once per ping). */
    private boolean refreshed;
    private long sentAt;
    /** When the last ping was written, or the session opened while there was none. */
    private long writtenAt;

    Heartbeat(long intervalNanos, long timeoutNanos) {
        this.intervalNanos = intervalNanos;
        this.timeoutNanos = timeoutNanos;
    }

    /** The session opened at {@code now}: the first ping is due {@code pingInterval} later. */
    void opened(long now) {
        writtenAt = now;
    }

    /**
     * A ping was queued for the client at {@code now}: the window opens. It opens again when the ping
     * reaches the connection ({@link #pingWritten}), if that is later.
     */
    void pingSent(long now) {
        awaitingPong = true;
        refreshed = false;
        sentAt = now;
        writtenAt = now;
        deadline = now + timeoutNanos;
    }

    /** The ping reached the client's connection at {@code now}: the client has the full timeout from here. */
    void pingWritten(long now) {
        if (awaitingPong && now + timeoutNanos - deadline > 0) {
            writtenAt = now;
            deadline = now + timeoutNanos;
        }
    }

    /**
     * A packet other than a pong was read at {@code now}: the first one since the ping gives the client the
     * full timeout from here (never less than it had). Returns whether the window moved.
     */
    boolean packetRead(long now) {
        if (!awaitingPong || refreshed) {
            return false;
        }
        refreshed = true;
        if (now + timeoutNanos - deadline > 0) {
            deadline = now + timeoutNanos;
            return true;
        }
        return false;
    }

    /** A pong arrived: whatever the clock says, the ping is answered (the reference clears its timer). */
    void pongReceived() {
        awaitingPong = false;
    }

    boolean awaitingPong() {
        return awaitingPong;
    }

    /**
     * Nanoseconds from {@code now} to the next ping, once the last one was answered: {@code pingInterval}
     * after the last ping was written (after the open, when there was none), and not before now.
     */
    long nextPingDelay(long now) {
        return Math.max(0, writtenAt + intervalNanos - now);
    }

    /** Nanoseconds left before the deadline at {@code now}; zero or less once it passed. */
    long remaining(long now) {
        return deadline - now;
    }

    /** Whether the client let the ping go unanswered past its deadline. */
    boolean expired(long now) {
        return awaitingPong && now - deadline >= 0;
    }

    /** For the log of a ping timeout: how the ping's window went, at {@code now}. */
    String describeTimeout(long now) {
        return "ping queued " + millis(now - sentAt) + " ms before, written " + millis(writtenAt - sentAt)
                + " ms after it was queued" + (refreshed ? ", a packet read since refreshed the window" : "")
                + "; deadline judged " + millis(now - deadline) + " ms after it passed";
    }

    /** For the log of a pong read once its session had closed: how late it came, at {@code now}. */
    String describeLatePong(long now) {
        return "pong read " + millis(now - deadline) + " ms after the deadline, " + millis(now - writtenAt)
                + " ms after the ping was written";
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
