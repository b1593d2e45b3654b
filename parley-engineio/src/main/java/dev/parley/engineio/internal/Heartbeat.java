package dev.parley.engineio.internal;

/**
 * The heartbeat rule of one session (Engine.IO v4, "Heartbeat"): after a ping the client has
 * {@code pingTimeout} to answer, counted as the reference server counts it, from when the ping is handed
 * to the transport, not from when it was due. A ping written late (a busy event loop, a cold JIT, a timer
 * tick behind) therefore never shortens the client's window, and a pong read before the deadline is
 * checked always counts. Plain values: the caller passes the time ({@code System.nanoTime()} in the server,
 * a test's clock in tests); used under the session's lock.
 */
final class Heartbeat {
    private final long timeoutNanos;
    private boolean awaitingPong;
    private long deadline;

    Heartbeat(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * A ping was queued for the client at {@code now}: the window opens. It opens again when the ping
     * reaches the connection ({@link #pingWritten}), if that is later.
     */
    void pingSent(long now) {
        awaitingPong = true;
        deadline = now + timeoutNanos;
    }

    /** The ping reached the client's connection at {@code now}: the client has the full timeout from here. */
    void pingWritten(long now) {
        if (awaitingPong && now + timeoutNanos - deadline > 0) {
            deadline = now + timeoutNanos;
        }
    }

    /** A pong arrived: whatever the clock says, the ping is answered (the reference clears its timer). */
    void pongReceived() {
        awaitingPong = false;
    }

    boolean awaitingPong() {
        return awaitingPong;
    }

    /** Nanoseconds left before the deadline at {@code now}; zero or less once it passed. */
    long remaining(long now) {
        return deadline - now;
    }

    /** Whether the client let the ping go unanswered past its deadline. */
    boolean expired(long now) {
        return awaitingPong && now - deadline >= 0;
    }
}
