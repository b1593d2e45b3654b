package dev.parley.engineio.internal;

import dev.parley.engineio.EngineIoTraffic;
import java.util.concurrent.atomic.LongAdder;

/**
 * The running totals behind {@link EngineIoTraffic}: striped counters ({@link LongAdder}) that sessions on
 * every event loop and handler thread add to without a lock and, past the first contention, without
 * allocating. A total may be read while messages are counted: it then holds some of them and not others.
 */
public final class TrafficCounter {
    private final LongAdder packetsIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder packetsOut = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();

    void received(int size) {
        packetsIn.increment();
        bytesIn.add(size);
    }

    void sent(int size) {
        packetsOut.increment();
        bytesOut.add(size);
    }

    public EngineIoTraffic totals() {
        return new EngineIoTraffic(packetsIn.sum(), bytesIn.sum(), packetsOut.sum(), bytesOut.sum());
    }
}
