package dev.parley.push.subscriber.internal;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open subscribers (SSE streams, waiting long polls) in total and per client address, and refuses one
 * past either bound. Thread-safe; a slot taken is given back exactly once ({@link Slot#release}).
 */
public final class SubscriberQuota {
    private final int maxTotal;
    private final int maxPerAddress;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    public SubscriberQuota(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
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
