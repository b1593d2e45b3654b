package dev.parley.chat.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** At most {@code limit} actions per user in any {@code window} (a sliding log per user). Thread-safe. */
public final class RateLimiter {
    private final int limit;
    private final long windowNanos;
    private final LongSupplier clock;
    private final Map<String, ArrayDeque<Long>> logs = new ConcurrentHashMap<>();

    public RateLimiter(int limit, Duration window, LongSupplier clock) {
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.clock = clock;
    }

    /** Records an action and returns true, or returns false if the user is over the limit. */
    public boolean tryAcquire(String user) {
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

    public void forget(String user) {
        logs.remove(user);
    }
}
