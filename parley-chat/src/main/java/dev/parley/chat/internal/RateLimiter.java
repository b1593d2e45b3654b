package dev.parley.chat.internal;

import dev.parley.chat.cluster.UserRateLimit;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * At most {@code limit} actions per user in any {@code window} (a sliding log per user), on one node: the
 * {@link UserRateLimit} of {@code ChatCluster.local()}. Thread-safe. Logs
 * of users idle for a whole window are swept every {@value #SWEEP_EVERY} actions, so the map holds the users
 * active in the last window, not every user ever seen.
 */
public final class RateLimiter implements UserRateLimit {
    private final int limit;
    private final long windowNanos;
    private final LongSupplier clock;
    static final int SWEEP_EVERY = 1024;

    private final Map<String, ArrayDeque<Long>> logs = new ConcurrentHashMap<>();
    private final AtomicLong actions = new AtomicLong();

    public RateLimiter(int limit, Duration window, LongSupplier clock) {
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.clock = clock;
    }

    @Override
    public boolean tryAcquire(String user) {
        if (actions.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep(clock.getAsLong());
        }
        ArrayDeque<Long> log = logs.computeIfAbsent(user, u -> new ArrayDeque<>());
        synchronized (log) {
            long now = clock.getAsLong();
            while (!log.isEmpty() && now - log.peekFirst() >= windowNanos) {
                log.pollFirst();
            }
            if (log.size() >= limit) {
                return false;
            }
            log.addLast(now);
            return true;
        }
    }

    /**
     * How long until the user may act again: zero if now, else until their oldest action in the window leaves it
     * (what a client that was refused should wait before trying again).
     */
    @Override
    public Duration retryAfter(String user) {
        ArrayDeque<Long> log = logs.get(user);
        if (log == null) {
            return Duration.ZERO;
        }
        synchronized (log) {
            long now = clock.getAsLong();
            if (log.size() < limit || log.isEmpty()) {
                return Duration.ZERO;
            }
            return Duration.ofNanos(Math.max(0, windowNanos - (now - log.peekFirst())));
        }
    }

    /** Users with a log (for tests). */
    int users() {
        return logs.size();
    }

    private void sweep(long now) {
        logs.values().removeIf(log -> {
            synchronized (log) {
                return log.isEmpty() || now - log.peekLast() >= windowNanos;
            }
        });
    }

    public void forget(String user) {
        logs.remove(user);
    }
}
