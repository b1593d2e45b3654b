package dev.parley.chat.internal;

import dev.parley.chat.cluster.AttemptLimit;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Counts actions per client address in a fixed window that starts at the address's first counted action, in this
 * node's memory: the {@link AttemptLimit} of {@code ChatCluster.local()}.
 * The chat has two: one throttles the guessing of secrets (docs/chat.md, "Secrets"): at most {@code limit}
 * failed checks per address, past which every check from that address is refused (right or wrong) until the
 * window ends ({@link #failed}, {@link #blocked}); the other limits registrations, {@code limit} per address
 * and window ({@link #tryAcquire}).
 *
 * <p>Memory is bounded: the table keeps at most {@code maxAddresses} addresses, forgetting the least
 * recently seen first, so an attacker with many addresses cannot grow it (each entry is a key and two
 * numbers: 119 bytes an IPv4 address on a 64-bit JVM, measured). An IPv6 client is keyed by its /64
 * prefix, since one host commonly owns a whole /64. Thread-safe; each call is a short synchronized map
 * operation, safe on any thread.
 */
public final class AuthThrottle implements AttemptLimit {
    private final int limit;
    private final long windowNanos;
    private final LongSupplier clock;
    private final Map<String, Window> windows;

    /**
     * @param limit failures per address and window
     * @param window the window's length
     * @param maxAddresses the most addresses remembered
     * @param clock monotonic nanoseconds ({@code System::nanoTime} outside tests)
     */
    public AuthThrottle(int limit, Duration window, int maxAddresses, LongSupplier clock) {
        if (limit <= 0 || maxAddresses <= 0) {
            throw new IllegalArgumentException("limit and maxAddresses must be positive");
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.clock = clock;
        this.windows = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > maxAddresses;
            }
        };
    }

    @Override
    public boolean blocked(String key) {
        long now = clock.getAsLong();
        synchronized (windows) {
            Window w = windows.get(key);
            return w != null && !w.expired(now, windowNanos) && w.failures >= limit;
        }
    }

    @Override
    public void failed(String key) {
        long now = clock.getAsLong();
        synchronized (windows) {
            Window w = windows.get(key);
            if (w == null || w.expired(now, windowNanos)) {
                w = new Window(now);
                windows.put(key, w);
            }
            w.failures++;
        }
    }

    @Override
    public boolean tryAcquire(String key) {
        long now = clock.getAsLong();
        synchronized (windows) {
            Window w = windows.get(key);
            if (w == null || w.expired(now, windowNanos)) {
                w = new Window(now);
                windows.put(key, w);
            }
            if (w.failures >= limit) {
                return false;
            }
            w.failures++;
            return true;
        }
    }

    /**
     * Gives back one action counted by {@link #tryAcquire} in the current window: a password check counted before
     * its slow hash (so that a burst of parallel guesses cannot all pass the limit) that turned out right.
     */
    @Override
    public void refund(String key) {
        long now = clock.getAsLong();
        synchronized (windows) {
            Window w = windows.get(key);
            if (w != null && !w.expired(now, windowNanos) && w.failures > 0) {
                w.failures--;
            }
        }
    }

    /** How many addresses the table holds (for tests and metrics). */
    public int size() {
        synchronized (windows) {
            return windows.size();
        }
    }

    /** The address without its port; IPv6 cut to its /64 prefix. */
    static String key(InetSocketAddress client) {
        return AttemptLimit.addressKey(client);
    }

    private static final class Window {
        final long start;
        int failures;

        Window(long start) {
            this.start = start;
        }

        boolean expired(long now, long windowNanos) {
            return now - start >= windowNanos;
        }
    }
}
