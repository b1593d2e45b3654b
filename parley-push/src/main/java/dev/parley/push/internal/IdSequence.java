package dev.parley.push.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Event ids: strictly increasing, and at least the current time in milliseconds times 1000 (a thousand ids a
 * millisecond before they run ahead of the clock), so that ids keep increasing
 * across a restart (a client resuming with an id from before is then older than anything retained, which is
 * reported as a gap rather than mistaken for a position in the new history). 2^53 microseconds is year 2255:
 * the ids stay exact in a JavaScript number.
 */
public final class IdSequence {
    private final AtomicLong last = new AtomicLong();
    private final LongSupplier clockMicros;
    private final long first;

    public IdSequence(LongSupplier clockMicros) {
        this.clockMicros = clockMicros;
        this.first = clockMicros.getAsLong();
        last.set(first - 1);
    }

    public long next() {
        long now = clockMicros.getAsLong();
        return last.updateAndGet(previous -> Math.max(previous + 1, now));
    }

    /** An id issued elsewhere (a cluster's bus): ours continue after it. */
    public void observe(long id) {
        last.accumulateAndGet(id, Math::max);
    }

    public long last() {
        return last.get();
    }

    /** Ids below this were not issued by this sequence. */
    public long first() {
        return first;
    }
}
