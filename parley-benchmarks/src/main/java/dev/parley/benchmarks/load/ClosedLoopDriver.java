package dev.parley.benchmarks.load;

import java.util.List;

/**
 * Closed loop: each connection keeps {@code inFlight} requests outstanding, and each reply sends the next
 * one, stamped when it is sent. Latency is then the round trip under the load the server sustains, and
 * throughput is the figure of interest; sending stops at the end of the window.
 */
final class ClosedLoopDriver implements LoadConnection.ReplyHandler {
    private final int inFlight;
    private final LatencyStats stats;

    ClosedLoopDriver(int inFlight, LatencyStats stats) {
        if (inFlight < 1) {
            throw new IllegalArgumentException("--in-flight must be 1 or more, not " + inFlight);
        }
        this.inFlight = inFlight;
        this.stats = stats;
    }

    void start(List<LoadConnection> connections) {
        for (LoadConnection c : connections) {
            c.eventLoop().execute(() -> {
                c.replyHandler(this);
                long now = System.nanoTime();
                for (int i = 0; i < inFlight; i++) {
                    send(c, now);
                }
                c.flushIfPending();
            });
        }
    }

    @Override
    public void onReply(LoadConnection connection, long stampNanos, long nowNanos) {
        stats.answered(stampNanos, nowNanos);
        // Flushed by the connection once the read is complete, with every other reply of that read.
        if (nowNanos < stats.windowEnd()) {
            send(connection, nowNanos);
        }
    }

    private void send(LoadConnection connection, long now) {
        if (connection.send(now)) {
            stats.sent(now);
        }
    }
}
