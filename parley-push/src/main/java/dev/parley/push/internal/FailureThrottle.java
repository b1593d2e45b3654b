package dev.parley.push.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Counts failed secret checks (a wrong publish token, a bad JWT) per client address, in a window that opens at
 * the address's first failure. An address that reached {@code limit} failures is refused, right token or not,
 * until its window closes: guessing a token costs a window per {@code limit} guesses.
 *
 * <p>Bounded: at most {@code maxAddresses} addresses are remembered, the least recently seen forgotten first,
 * so clients with many addresses cannot grow it; an address that keeps failing stays recent and so stays
 * blocked. IPv6 clients count by their /64, which one host usually owns whole. Thread-safe: every call is a
 * short synchronized map operation.
 */
public final class FailureThrottle {
    private final int limit;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final LinkedHashMap<AddressKey, Window> windows;

    /**
     * @param limit failures per address and window, at least 1
     * @param window the window's length, positive
     * @param maxAddresses addresses remembered, at least 1
     * @param nanoClock monotonic nanoseconds ({@code System::nanoTime} outside tests)
     */
    public FailureThrottle(int limit, Duration window, int maxAddresses, LongSupplier nanoClock) {
        if (limit < 1 || maxAddresses < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("limit >= 1, maxAddresses >= 1 and a positive window are required");
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
        // Access order: a lookup counts as "seen", so the eldest entry is the least recently seen address.
        this.windows = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<AddressKey, Window> eldest) {
                return size() > maxAddresses;
            }
        };
    }

    /** Whether this address used up its failures in its current window. */
    public boolean blocked(InetSocketAddress client) {
        AddressKey key = AddressKey.of(client);
        long now = nanoClock.getAsLong();
        synchronized (windows) {
            Window window = windows.get(key);
            return window != null && now - window.openedAt < windowNanos && window.failures >= limit;
        }
    }

    /** Counts one failure of this address. */
    public void failed(InetSocketAddress client) {
        AddressKey key = AddressKey.of(client);
        long now = nanoClock.getAsLong();
        synchronized (windows) {
            Window window = windows.get(key);
            if (window == null || now - window.openedAt >= windowNanos) {
                window = new Window(now);
                windows.put(key, window);
            }
            if (window.failures < limit) {
                window.failures++;
            }
        }
    }

    /** Addresses remembered now. */
    public int size() {
        synchronized (windows) {
            return windows.size();
        }
    }

    /** The window of {@link #blocked} answers: an upper bound of the wait, for {@code Retry-After}. */
    public Duration window() {
        return Duration.ofNanos(windowNanos);
    }

    /** An address without its port, an IPv6 one cut to its /64: two longs, no string built per request. */
    private record AddressKey(long high, long low) {
        static AddressKey of(InetSocketAddress client) {
            InetAddress address = client == null ? null : client.getAddress();
            if (address == null) {
                return new AddressKey(-1, client == null ? -1 : client.getHostString().hashCode());
            }
            byte[] bytes = address.getAddress();
            if (address instanceof Inet6Address) {
                return new AddressKey(1, toLong(bytes, 0));
            }
            return new AddressKey(0, toLong(bytes, 0));
        }

        private static long toLong(byte[] bytes, int from) {
            long value = 0;
            for (int i = from; i < Math.min(bytes.length, from + 8); i++) {
                value = value << 8 | (bytes[i] & 0xFF);
            }
            return value;
        }
    }

    private static final class Window {
        final long openedAt;
        int failures;

        Window(long openedAt) {
            this.openedAt = openedAt;
        }
    }
}
