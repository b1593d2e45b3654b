package dev.parley.testkit;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The live heap of this JVM: used heap after full collections, read once two readings in a row agree within
 * 256 KiB (objects freed by one collection, e.g. by finalisation or reference processing, go by the next).
 * For memory bounds asserted in tests, never on time.
 */
public final class LiveHeap {
    private static final long STABLE = 256 * 1024;
    private static final int MAX_COLLECTIONS = 10;

    private LiveHeap() {
    }

    /** Bytes of live heap. */
    public static long bytes() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < MAX_COLLECTIONS; i++) {
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(last - used) < STABLE) {
                return used;
            }
            last = used;
        }
        return last;
    }
}
