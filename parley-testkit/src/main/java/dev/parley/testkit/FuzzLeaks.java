package dev.parley.testkit;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Leak checks for fuzz tests. {@link LeakCheckExtension} fails a test class at its end; a coverage-guided
 * run can last hours, so a fuzz target also calls {@link #checkEvery} once per execution: every
 * {@code interval} executions it collects garbage, and a leak reported by then fails the execution at
 * hand (it was caused by one at most {@code interval} executions earlier; the report names the buffer's
 * last accesses).
 */
public final class FuzzLeaks {
    private final long interval;
    private final AtomicLong executions = new AtomicLong();

    public FuzzLeaks(long interval) {
        this.interval = interval;
    }

    /** Counts one execution; every {@code interval} executions, throws if Netty reported a leak. */
    public void checkEvery() {
        if (executions.incrementAndGet() % interval != 0) {
            return;
        }
        List<String> leaks;
        try {
            leaks = LeakCheckExtension.collect();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty buffer leak(s) within the last " + interval
                    + " fuzz executions:\n" + String.join("\n", leaks));
        }
    }

    /** Executions counted so far. */
    public long executions() {
        return executions.get();
    }
}
