package dev.parley.benchmarks.load;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies of the requests sent in the measurement window, whenever their replies arrive: a request
 * is in the window by its send stamp, which in open loop is its scheduled send time, so a late reply (or
 * a late send) adds to the latency instead of dropping out of the sample. Thread-safe: event loops record,
 * the scenario reads.
 */
final class LatencyStats {
    /** Three significant digits: 1 µs resolution up to 1 ms, 1 ms up to 1 s. */
    private static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder latencies = new Recorder(SIGNIFICANT_DIGITS);
    private final Recorder serviceTimes = new Recorder(SIGNIFICANT_DIGITS);
    private final LongAdder sent = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final long windowStart;
    private final long windowEnd;

    /** The window [{@code windowStart}, {@code windowEnd}) in {@link System#nanoTime()}. */
    LatencyStats(long windowStart, long windowEnd) {
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
    }

    long windowStart() {
        return windowStart;
    }

    long windowEnd() {
        return windowEnd;
    }

    boolean inWindow(long stampNanos) {
        return stampNanos >= windowStart && stampNanos < windowEnd;
    }

    /** A request stamped {@code stampNanos} was sent. */
    void sent(long stampNanos) {
        if (inWindow(stampNanos)) {
            sent.increment();
        }
    }

    /** The reply to a request stamped {@code stampNanos} arrived at {@code nowNanos}. */
    void answered(long stampNanos, long nowNanos) {
        if (inWindow(stampNanos)) {
            latencies.recordValue(nowNanos - stampNanos);
            answered.increment();
        }
    }

    /**
     * The same reply, timed from when the request actually left ({@code sentNanos}) rather than from its
     * scheduled time: the server's round trip without the generator's own lateness (which the latency keeps,
     * so that no stall goes unseen).
     */
    void serviced(long stampNanos, long sentNanos, long nowNanos) {
        if (inWindow(stampNanos)) {
            serviceTimes.recordValue(Math.max(0, nowNanos - sentNanos));
        }
    }

    /** The service times recorded so far, in nanoseconds (empty when not recorded); call once, at the end. */
    Histogram serviceTimeHistogram() {
        return serviceTimes.getIntervalHistogram();
    }

    long sentInWindow() {
        return sent.sum();
    }

    long answeredInWindow() {
        return answered.sum();
    }

    /** The latencies recorded so far, in nanoseconds; call once, at the end. */
    Histogram histogram() {
        return latencies.getIntervalHistogram();
    }
}
