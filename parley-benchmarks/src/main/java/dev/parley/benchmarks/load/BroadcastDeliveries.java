package dev.parley.benchmarks.load;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The delivery side of a broadcast run, and its accounting: the reply handler of every subscriber. The
 * window's broadcasts are the requests of a {@link LatencyStats} (counted by the publisher's driver) and
 * their deliveries its replies, one latency each, from the publish's stamp: so a broadcast stamped in the
 * window is expected once at each subscriber listening when publishing starts, however late it arrives.
 * Thread-safe: event loops record, the scenario reads.
 */
final class BroadcastDeliveries implements LoadConnection.ReplyHandler {
    private final LatencyStats stats;
    private final long subscribers;
    private final ArrivalSpan arrivals = new ArrivalSpan();

    /** @param subscribers the subscribers listening when publishing starts */
    BroadcastDeliveries(LatencyStats stats, long subscribers) {
        this.stats = stats;
        this.subscribers = subscribers;
    }

    @Override
    public void onReply(LoadConnection connection, long stampNanos, long nowNanos) {
        stats.answered(stampNanos, nowNanos);
        if (stats.inWindow(stampNanos)) {
            arrivals.arrived(nowNanos);
        }
    }

    long expected() {
        return stats.sentInWindow() * subscribers;
    }

    long received() {
        return stats.answeredInWindow();
    }

    /** Waits until every subscriber got every broadcast of the window, or the timeout. */
    void drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received() < expected() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /** Puts the figures of a window of {@code windowSeconds}; call once, after the drain. */
    void putResults(Map<String, Object> results, double windowSeconds) {
        long published = stats.sentInWindow();
        long expected = expected();
        long received = received();
        results.put("subscribers", subscribers);
        results.put("published", published);
        results.put("publishedPerSecond", CpuMeter.round(published / windowSeconds, 1));
        results.put("expectedDeliveries", expected);
        results.put("receivedDeliveries", received);
        // Negative with duplicates; missing ones may be late rather than lost: see the drain timeout.
        results.put("missingDeliveries", expected - received);
        results.put("lossPercent", expected > 0 ? CpuMeter.round(100.0 * (expected - received) / expected, 3) : 0.0);
        // Per second of the publishing window: the offered rate, less what is missing.
        results.put("deliveriesPerSecond", CpuMeter.round(received / windowSeconds, 1));
        // Per second of arrivals: below the offered rate when the server fell behind and its backlog grew.
        double arrivalSeconds = arrivals.nanos() / 1e9;
        results.put("arrivalSeconds", CpuMeter.round(arrivalSeconds, 3));
        results.put("deliveriesPerArrivalSecond",
                arrivalSeconds > 0 ? CpuMeter.round(received / arrivalSeconds, 1) : 0.0);
        results.put("latency", HistogramSummary.micros(stats.histogram()));
    }
}
