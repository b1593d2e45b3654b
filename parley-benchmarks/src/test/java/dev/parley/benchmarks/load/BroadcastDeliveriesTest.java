package dev.parley.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BroadcastDeliveriesTest {
    private static final long MS = 1_000_000;

    /** A window from 1 s to 2 s (in nanoTime), three subscribers listening. */
    private final LatencyStats stats = new LatencyStats(1_000 * MS, 2_000 * MS);
    private final BroadcastDeliveries deliveries = new BroadcastDeliveries(stats, 3);

    @Test
    void eachBroadcastOfTheWindowIsExpectedOnceAtEachSubscriber() {
        stats.sent(500 * MS); // warm-up: neither expected nor measured
        stats.sent(1_000 * MS);
        stats.sent(1_500 * MS);
        deliveries.onReply(null, 500 * MS, 501 * MS);
        for (int subscriber = 0; subscriber < 3; subscriber++) {
            deliveries.onReply(null, 1_000 * MS, (1_002 + subscriber) * MS);
        }
        // One subscriber never gets the second broadcast.
        deliveries.onReply(null, 1_500 * MS, 1_510 * MS);
        deliveries.onReply(null, 1_500 * MS, 1_520 * MS);

        Map<String, Object> results = new LinkedHashMap<>();
        deliveries.drain(Duration.ZERO);
        deliveries.putResults(results, 1.0);
        assertThat(results).containsEntry("subscribers", 3L).containsEntry("published", 2L)
                .containsEntry("expectedDeliveries", 6L).containsEntry("receivedDeliveries", 5L)
                .containsEntry("missingDeliveries", 1L).containsEntry("lossPercent", 16.667)
                .containsEntry("deliveriesPerSecond", 5.0)
                // From the first arrival of the window's deliveries (1.002 s) to the last (1.520 s).
                .containsEntry("arrivalSeconds", 0.518).containsEntry("deliveriesPerArrivalSecond", 9.7);
        @SuppressWarnings("unchecked")
        Map<String, Object> latency = (Map<String, Object>) results.get("latency");
        // HdrHistogram keeps 3 significant digits.
        assertThat(latency).containsEntry("count", 5L);
        assertThat((double) latency.get("minMicros")).isCloseTo(2_000, within(2.0));
        assertThat((double) latency.get("maxMicros")).isCloseTo(20_000, within(20.0));
    }

    @Test
    void aBacklogShowsAsArrivalsSlowerThanPublishes() {
        // Ten broadcasts over the window, each delivered once (one subscriber) but 100 ms later than the last.
        BroadcastDeliveries late = new BroadcastDeliveries(stats, 1);
        for (int i = 0; i < 10; i++) {
            long stamp = (1_000 + 100 * i) * MS;
            stats.sent(stamp);
            late.onReply(null, stamp, stamp + (i + 1) * 100 * MS);
        }
        Map<String, Object> results = new LinkedHashMap<>();
        late.putResults(results, 1.0);
        assertThat(results).containsEntry("deliveriesPerSecond", 10.0).containsEntry("arrivalSeconds", 1.8)
                .containsEntry("deliveriesPerArrivalSecond", 5.6);
    }
}
