package dev.parley.adapter.redis;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one namespace's messages from other servers one at a time, in the order they arrived, on a shared
 * pool: never on Redis I/O threads, never on a Netty event loop. At most {@code maxPending} wait; past that,
 * new ones are dropped and counted (a node that cannot keep up must not take the heap with it).
 */
final class SerialDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(SerialDelivery.class);

    private final String name;
    private final Executor pool;
    private final int maxPending;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();

    SerialDelivery(String name, Executor pool, int maxPending) {
        this.name = name;
        this.pool = pool;
        this.maxPending = maxPending;
    }

    void execute(Runnable task) {
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            long total = dropped.incrementAndGet();
            if (Long.bitCount(total) == 1) { // 1, 2, 4, 8...: logged, not flooded
                LOG.warn("Namespace {}: {} messages from other servers dropped, more than {} were waiting",
                        name, total, maxPending);
            }
            return;
        }
        tasks.add(task);
        schedule();
    }

    /**
     * As {@link #execute}, but a producer that may block (a stream reader on a thread of its own) waits for
     * room instead of dropping: the entries of a stream must not be skipped, and Redis keeps them meanwhile.
     */
    void executeWhenRoom(Runnable task) {
        while (pending.get() >= maxPending) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // the reader pauses; Redis holds the rest
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
        execute(task);
    }

    /** Messages dropped because too many were waiting. */
    long dropped() {
        return dropped.get();
    }

    private void schedule() {
        if (draining.compareAndSet(false, true)) {
            pool.execute(this::drain);
        }
    }

    private void drain() {
        try {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                pending.decrementAndGet();
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("Namespace {}: a message from another server failed", name, e);
                }
            }
        } finally {
            draining.set(false);
        }
        // A task added after the last poll and before the flag dropped would wait for the next one.
        if (!tasks.isEmpty()) {
            schedule();
        }
    }
}
