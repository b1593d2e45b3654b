package dev.parley.push.feeds;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link FeedScheduler} on a manual clock, whose tasks run on the test's thread: timed ones when
 * {@link #advance} passes their time, the others ({@link #execute}: a poll's outcome, sent from the
 * HttpClient's threads) when {@link #runNextOutcome} takes them. No timed assertion: waiting for an outcome
 * only guards against a hang.
 */
final class ManualScheduler implements FeedScheduler {
    static final long START = Instant.parse("2026-12-07T06:00:00Z").toEpochMilli();
    private static final long HANG_GUARD_SECONDS = 60;

    private final List<Timed> timed = new ArrayList<>();
    private final BlockingQueue<Runnable> outcomes = new LinkedBlockingQueue<>();
    private long now = START;
    private long sequence;
    private volatile boolean closed;

    private record Timed(long at, long sequence, Runnable task) {
    }

    @Override
    public synchronized long nowMillis() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, Duration delay) {
        Timed t = new Timed(now + delay.toMillis(), sequence++, task);
        timed.add(t);
        return () -> {
            synchronized (ManualScheduler.this) {
                timed.remove(t);
            }
        };
    }

    @Override
    public void execute(Runnable task) {
        if (!closed) {
            outcomes.add(task);
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Moves the clock by {@code by}, running each timed task that falls due, in time order. */
    void advance(Duration by) {
        long target;
        synchronized (this) {
            target = now + by.toMillis();
        }
        while (true) {
            Timed next;
            synchronized (this) {
                next = timed.stream().filter(t -> t.at() <= target)
                        .min(Comparator.comparingLong(Timed::at).thenComparingLong(Timed::sequence)).orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                timed.remove(next);
                now = next.at();
            }
            next.task().run();
        }
    }

    /** Moves the clock to {@code epochMillis} (not back). */
    void advanceTo(long epochMillis) {
        advance(Duration.ofMillis(Math.max(0, epochMillis - nowMillis())));
    }

    /** Waits for the next outcome sent to the scheduler and runs it here. */
    void runNextOutcome() throws InterruptedException {
        Runnable task = outcomes.poll(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        if (task == null) {
            fail("no poll outcome came back within " + HANG_GUARD_SECONDS + " s");
        }
        task.run();
    }

    synchronized int timedTasks() {
        return timed.size();
    }
}
