package dev.parley.chat.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a closed tab's departure for a grace period, so that a reload (the tab closes, a new one opens and
 * rejoins within seconds) is not announced as a leave and a join (issue 17, item 8). Until its departure runs,
 * the closed tab still counts in {@link Presence}: the new tab is not its user's first, nor first in their
 * rooms, and when the old one's departure runs the user is still there. A tab that comes back under the same
 * id (connection state recovery) cancels its own departure.
 *
 * <p>With a zero grace a departure runs at once, on the caller's thread. Otherwise on this class's own
 * daemon thread. Pending departures are one per tab closed within the last grace period. Thread-safe.
 */
public final class DepartureGrace implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DepartureGrace.class);

    private final Duration grace;
    private final Map<String, Object> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    public DepartureGrace(Duration grace) {
        this.grace = grace;
        this.timer = grace.isZero() ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-chat-departures");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code departure} after the grace period, unless {@link #cancel} comes first for this tab. */
    public void schedule(String tab, Runnable departure) {
        if (timer == null) {
            departure.run();
            return;
        }
        // A token per scheduling: a cancel and a later schedule for the same tab id are told apart.
        Object token = new Object();
        pending.put(tab, token);
        timer.schedule(() -> {
            if (pending.remove(tab, token)) {
                try {
                    departure.run();
                } catch (RuntimeException e) {
                    LOG.warn("Departure of tab {} failed", tab, e);
                }
            }
        }, grace.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The tab is back (recovered under the same id): its departure will not run. True if one was pending. */
    public boolean cancel(String tab) {
        return pending.remove(tab) != null;
    }

    /** Departures waiting for their grace period to end. */
    public int pending() {
        return pending.size();
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
