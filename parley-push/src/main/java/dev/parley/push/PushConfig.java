package dev.parley.push;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds of a {@link Topics} hub. Every one applies to what publishers send and what the hub keeps; the
 * transports have their own (streams, subscriptions per connection, waits).
 *
 * @param historySize       events kept per topic for resumption (oldest dropped first); 0 keeps none
 * @param historyAge        how long an event stays in the history
 * @param maxDataBytes      the largest data (UTF-8 bytes of its JSON text) one event may carry
 * @param maxTopics         topics the hub tracks at once; past it the longest-idle topic without subscribers
 *                          is forgotten, and a publication to a new topic is refused when none can be
 */
public record PushConfig(int historySize, Duration historyAge, int maxDataBytes, int maxTopics) {
    public static final int DEFAULT_HISTORY_SIZE = 1000;
    public static final Duration DEFAULT_HISTORY_AGE = Duration.ofHours(1);
    public static final int DEFAULT_MAX_DATA_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_TOPICS = 100_000;

    public PushConfig {
        Objects.requireNonNull(historyAge, "historyAge");
        if (historySize < 0 || maxDataBytes < 1 || maxTopics < 1 || historyAge.isNegative() || historyAge.isZero()) {
            throw new IllegalArgumentException("historySize >= 0, maxDataBytes >= 1, maxTopics >= 1 and a "
                    + "positive historyAge are required: " + historySize + ", " + maxDataBytes + ", " + maxTopics
                    + ", " + historyAge);
        }
    }

    public static PushConfig defaults() {
        return new PushConfig(DEFAULT_HISTORY_SIZE, DEFAULT_HISTORY_AGE, DEFAULT_MAX_DATA_BYTES, DEFAULT_MAX_TOPICS);
    }

    public PushConfig withHistorySize(int size) {
        return new PushConfig(size, historyAge, maxDataBytes, maxTopics);
    }

    public PushConfig withHistoryAge(Duration age) {
        return new PushConfig(historySize, age, maxDataBytes, maxTopics);
    }

    public PushConfig withMaxDataBytes(int bytes) {
        return new PushConfig(historySize, historyAge, bytes, maxTopics);
    }

    public PushConfig withMaxTopics(int topics) {
        return new PushConfig(historySize, historyAge, maxDataBytes, topics);
    }
}
