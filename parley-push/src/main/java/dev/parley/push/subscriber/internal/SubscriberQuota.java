package dev.parley.push.subscriber.internal;

import dev.parley.push.internal.JsonErrors;
import dev.parley.server.HttpResponse;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open subscribers (SSE streams, waiting long polls) in total and per client address, and refuses one
 * past either bound, with the answer that says which ({@link #refusal}). Thread-safe; a slot taken is given back
 * exactly once ({@link Slot#release}).
 */
public final class SubscriberQuota {
    private final int maxTotal;
    private final int maxPerAddress;
    private final String reason;
    private final String what;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    /**
     * @param reason the error code of a refusal ({@code too_many_streams})
     * @param what what is counted, for people ({@code open streams})
     */
    public SubscriberQuota(int maxTotal, int maxPerAddress, String reason, String what) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
        this.reason = reason;
        this.what = what;
    }

    /** A slot for a subscriber from {@code address}, or null when a bound is reached. */
    public Slot acquire(InetAddress address) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return null;
        }
        boolean[] taken = {false};
        perAddress.compute(address, (key, count) -> {
            AtomicInteger c = count == null ? new AtomicInteger() : count;
            if (c.get() < maxPerAddress) {
                c.incrementAndGet();
                taken[0] = true;
            }
            return c.get() == 0 ? null : c;
        });
        if (!taken[0]) {
            total.decrementAndGet();
            return null;
        }
        return new Slot(address);
    }

    public int total() {
        return total.get();
    }

    /** Whether the total bound (rather than the per-address one) is the one reached. */
    public boolean full() {
        return total.get() >= maxTotal;
    }

    /** The answer to a subscriber {@link #acquire} refused: 503 when the server is full, else 429 for its address. */
    public HttpResponse refusal() {
        return full()
                ? JsonErrors.error(503, reason, "the server has " + maxTotal + " " + what)
                : JsonErrors.error(429, reason, "this address has " + maxPerAddress + " " + what);
    }

    /** One subscriber's place. */
    public final class Slot {
        private final InetAddress address;
        private boolean released;

        private Slot(InetAddress address) {
            this.address = address;
        }

        public synchronized void release() {
            if (released) {
                return;
            }
            released = true;
            perAddress.computeIfPresent(address, (key, count) -> count.decrementAndGet() == 0 ? null : count);
            total.decrementAndGet();
        }
    }
}
