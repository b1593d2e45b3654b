package dev.parley.benchmarks.load;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Open loop: requests go out on a fixed schedule, {@code rate} per second in total, spread evenly over
 * the connections and staggered between them, whatever the replies do. Each request is stamped with its
 * scheduled send time, so that a server (or generator) stall shows as latency of every request it
 * delayed, not only of the one it held: no coordinated omission. How late the generator actually sent is
 * recorded apart, as the send lag.
 */
final class OpenLoopDriver {
    /** How one request goes out: {@link LoadConnection#send} (a reply answers it) or {@link LoadConnection#publish}. */
    interface Send {
        /** Writes one request stamped {@code stampNanos}, unflushed; false if the connection is not ready. */
        boolean send(LoadConnection connection, long stampNanos);
    }

    /** A p99 send lag above this (1 ms) is reported: the generator, not only the server, was late. */
    private static final long LATE_SEND_NANOS = 1_000_000;

    private final double rate;
    private final LatencyStats stats;
    private final Send send;
    private final Recorder sendLag = new Recorder(3);

    /** Requests answered by replies, each recorded in {@code stats} with its latency. */
    OpenLoopDriver(double rate, LatencyStats stats) {
        this(rate, stats, DEFAULT_SEND);
    }

    private static final Send DEFAULT_SEND = LoadConnection::send;

    /** Requests sent by {@code send}, counted in {@code stats} when in its window. */
    OpenLoopDriver(double rate, LatencyStats stats, Send send) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--rate must be above 0, not " + rate);
        }
        this.rate = rate;
        this.stats = stats;
        this.send = send;
    }

    /** Starts every connection's schedule at {@code startNanos}; sending ends at the window's end. */
    void start(List<LoadConnection> connections, long startNanos) {
        int n = connections.size();
        double periodNanos = n * 1e9 / rate;
        for (int i = 0; i < n; i++) {
            LoadConnection c = connections.get(i);
            Pacer pacer = new Pacer(c, startNanos + (long) (i * periodNanos / n), periodNanos);
            c.eventLoop().execute(() -> {
                c.replyHandler((connection, stamp, now) -> {
                    stats.answered(stamp, now);
                    if (send == DEFAULT_SEND) {
                        stats.serviced(stamp, connection.answeredRequestSentNanos(), now);
                    }
                });
                pacer.run();
            });
        }
    }

    /** Nanoseconds from each request's scheduled time to its actual send; call once, at the end. */
    private Histogram sendLag() {
        return sendLag.getIntervalHistogram();
    }

    /** Puts the send lag into {@code results}, and warns if the generator sent late; call once, at the end. */
    void putSendLag(Map<String, Object> results, Report report) {
        Histogram lag = sendLag();
        results.put("sendLag", HistogramSummary.micros(lag));
        if (lag.getTotalCount() > 0 && lag.getValueAtPercentile(99) > LATE_SEND_NANOS) {
            report.warn("the generator sent late (send lag p99 " + lag.getValueAtPercentile(99) / 1000
                    + " us): the latencies include its own delays");
        }
    }

    /** One connection's schedule; runs on its event loop, rescheduling itself for the next send. */
    private final class Pacer implements Runnable {
        private final LoadConnection connection;
        private final long first;
        private final double period;
        private long sends;

        Pacer(LoadConnection connection, long first, double period) {
            this.connection = connection;
            this.first = first;
            this.period = period;
        }

        @Override
        public void run() {
            long now = System.nanoTime();
            long end = stats.windowEnd();
            long stamp = stampOf(sends);
            // After a stall, every request whose time has come goes out now, each with its own stamp.
            while (stamp <= now && stamp < end) {
                if (!send.send(connection, stamp)) {
                    return;
                }
                stats.sent(stamp);
                if (stats.inWindow(stamp)) {
                    sendLag.recordValue(now - stamp);
                }
                stamp = stampOf(++sends);
            }
            connection.flushIfPending();
            if (stamp < end) {
                connection.eventLoop().schedule(this, stamp - System.nanoTime(), TimeUnit.NANOSECONDS);
            }
        }

        private long stampOf(long index) {
            return first + (long) (index * period);
        }
    }
}
