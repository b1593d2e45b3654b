package dev.parley.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * S9's slow consumers: a share of a broadcast's subscribers that stop reading at the start of the window
 * (auto-read off, nothing else), so the server's outbound bytes for them pile up; the question is whether
 * the server bounds them (Parley closes over its buffered-amount limit) and whether the others notice.
 *
 * <p>They are this reply handler from the start, never the run's {@link BroadcastDeliveries}: what they get
 * is counted here and kept out of the latency and loss of the others. A server's close cannot be seen while
 * not reading (the close frame, and even the FIN, wait behind the backlog in the TCP stream; only a reset
 * gets through), so after the window they {@link #resume} reading: the backlog is read and dropped, and the
 * close frame the server sent during the run, if any, arrives with its code.
 */
final class SlowSubscribers implements LoadConnection.ReplyHandler {
    /** After resuming, a slow subscriber still open with nothing read for this long has caught up. */
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final List<LoadConnection> slow;
    private final LongAdder deliveriesBeforeStop = new LongAdder();
    private final LongAdder deliveriesAfterResume = new LongAdder();
    private final AtomicLong lastDeliveryNanos = new AtomicLong();
    private final LongAdder closedWhileStopped = new LongAdder();
    private volatile boolean stopped;
    private volatile boolean resumed;

    SlowSubscribers(List<LoadConnection> slow) {
        this.slow = List.copyOf(slow);
    }

    /**
     * How many of {@code subscribers} a share of {@code percent} is: none at 0, else at least one; the
     * percentage must leave at least one fast subscriber to measure.
     */
    static int count(int subscribers, double percent) {
        if (!(percent >= 0 && percent < 100)) {
            throw new IllegalArgumentException("--slow-percent must be at least 0 and below 100, not " + percent);
        }
        if (percent == 0) {
            return 0;
        }
        return (int) Math.min(subscribers - 1L, Math.max(1, Math.round(subscribers * percent / 100)));
    }

    /**
     * Every {@code n/count}-th of {@code all}: spread over the list, so over the event loops (connections are
     * assigned round robin), the source addresses and the server's threads, rather than bunched on one.
     */
    static <T> List<T> pick(List<T> all, int count) {
        List<T> picked = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            picked.add(all.get((int) ((long) i * all.size() / count)));
        }
        return picked;
    }

    List<LoadConnection> connections() {
        return slow;
    }

    @Override
    public void onReply(LoadConnection connection, long stampNanos, long nowNanos) {
        // Messages read before the stop (warm-up) and after the resume (the backlog): counted, not measured.
        (resumed ? deliveriesAfterResume : deliveriesBeforeStop).increment();
        lastDeliveryNanos.set(nowNanos);
    }

    /** Stops reading on every slow subscriber; returns once each event loop has done it. */
    void stop() throws InterruptedException {
        stopped = true;
        CountDownLatch done = new CountDownLatch(slow.size());
        for (LoadConnection c : slow) {
            // A close seen while not reading came as a reset (or an error): noted as it happens.
            if (!c.closed().isDone()) {
                c.closed().thenRun(() -> {
                    if (!resumed) {
                        closedWhileStopped.increment();
                    }
                });
            }
            onLoop(c, () -> {
                c.reading(false);
                done.countDown();
            });
        }
        done.await();
    }

    /**
     * Reads again, and waits until each slow subscriber is closed or has read its backlog (nothing read for a
     * second), or {@code timeout}: then the closes the server made while it was not reading are known.
     */
    void resume(Duration timeout) {
        if (!stopped) {
            return;
        }
        resumed = true;
        long start = System.nanoTime();
        lastDeliveryNanos.set(start);
        for (LoadConnection c : slow) {
            if (!c.closed().isDone()) {
                onLoop(c, () -> c.reading(true));
            }
        }
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline && !settled()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** Runs {@code task} on the connection's event loop: at once if already there (a test's embedded loop). */
    private static void onLoop(LoadConnection c, Runnable task) {
        if (c.eventLoop().inEventLoop()) {
            task.run();
        } else {
            c.eventLoop().execute(task);
        }
    }

    private boolean settled() {
        boolean allClosed = slow.stream().allMatch(c -> c.closed().isDone());
        return allClosed || System.nanoTime() - lastDeliveryNanos.get() > QUIET_NANOS;
    }

    /** Puts the slow subscribers' figures; call after {@link #resume}, before the run closes its connections. */
    void putResults(Map<String, Object> section) {
        Map<String, Long> reasons = Scenario.closedByReason(slow);
        long closed = Scenario.count(reasons);
        section.put("slowSubscribers", slow.size());
        // Closed before the generator closed anything: by the server (a close frame, a dropped connection)
        // or a reset; the reasons tell which.
        section.put("closedDuringRun", closed);
        section.put("closedWhileNotReading", closedWhileStopped.sum());
        section.put("stillOpen", slow.size() - closed);
        section.put("closeReasons", reasons);
        section.put("deliveriesBeforeStop", deliveriesBeforeStop.sum());
        section.put("backlogDeliveriesReadAfterResume", deliveriesAfterResume.sum());
    }
}
