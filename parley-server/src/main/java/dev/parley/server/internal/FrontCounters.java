package dev.parley.server.internal;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the HTTP front, for metrics and tests. Thread-safe. */
public final class FrontCounters {
    private final LongAdder refusedConnections = new LongAdder();
    private final LongAdder acceptFailures = new LongAdder();
    private final LongAccumulator pipelinedHighWater = new LongAccumulator(Math::max, 0);

    /** Connections accepted only to be closed at once because the process was out of file descriptors. */
    public long refusedConnections() {
        return refusedConnections.sum();
    }

    /** Failed {@code accept} calls (file descriptors exhausted, mostly). */
    public long acceptFailures() {
        return acceptFailures.sum();
    }

    /** The most requests one connection ever had decoded and waiting behind the one being served. */
    public long pipelinedHighWater() {
        return pipelinedHighWater.get();
    }

    void connectionRefused() {
        refusedConnections.increment();
    }

    void acceptFailed() {
        acceptFailures.increment();
    }

    void pipelined(int held) {
        pipelinedHighWater.accumulate(held);
    }
}
