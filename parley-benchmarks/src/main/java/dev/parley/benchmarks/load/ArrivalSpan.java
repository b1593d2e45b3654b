package dev.parley.benchmarks.load;

import java.util.concurrent.atomic.LongAccumulator;

/**
 * The first and last arrival of a set of messages (a broadcast window's deliveries): the rate they arrived
 * at, unlike a rate over the send window, falls below the offered rate when the server falls behind and
 * its backlog grows through the window. Thread-safe: event loops record, the scenario reads.
 */
final class ArrivalSpan {
    private final LongAccumulator first = new LongAccumulator(Math::min, Long.MAX_VALUE);
    private final LongAccumulator last = new LongAccumulator(Math::max, Long.MIN_VALUE);

    void arrived(long nowNanos) {
        first.accumulate(nowNanos);
        last.accumulate(nowNanos);
    }

    /** Nanoseconds from the first arrival to the last, 0 before two. */
    long nanos() {
        long from = first.get();
        long to = last.get();
        return to > from ? to - from : 0;
    }
}
