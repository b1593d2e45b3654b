package dev.parley.push.feeds;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The pause before the next poll of a failing feed: after {@code n} failures in a row, {@code every × 2^n}
 * (so the first retry comes at twice the usual pause), at most {@code max(cap, every)}, then shortened by a
 * random 0-20% so that feeds failing together (one upstream down) do not retry together.
 */
final class Backoff {
    /** The largest share of a pause that jitter removes. */
    static final double JITTER = 0.2;

    private final Duration cap;
    private final DoubleSupplier random;

    /** @param random uniform in [0, 1) */
    Backoff(Duration cap, DoubleSupplier random) {
        this.cap = cap;
        this.random = random;
    }

    Duration after(int failures, Duration every) {
        if (failures <= 0) {
            return every;
        }
        long everyMillis = every.toMillis();
        long capMillis = Math.max(cap.toMillis(), everyMillis);
        int doublings = Math.min(failures, 30); // past 2^30 the cap has long been reached
        long planned = everyMillis > capMillis >> doublings ? capMillis : Math.min(capMillis, everyMillis << doublings);
        return Duration.ofMillis(Math.round(planned * (1 - JITTER * random.getAsDouble())));
    }
}
