package dev.parley.engineio.internal;

import io.netty.channel.EventLoop;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The timeouts of the sessions served by one event loop (the heartbeat's pings and pong deadlines, the
 * upgrade and closing timeouts), run as that loop's own scheduled tasks.
 *
 * <p>Why not one timer thread for all sessions: every ping it fired was a write handed to the connection's
 * loop from another thread (a task queued across threads, the loop woken for it, and a second task to note
 * when the ping went out), and every tick woke the timer's thread whether anything was due or not. Here a
 * ping is written by the loop that owns the connection, and a pong read on that loop cancels its deadline
 * there (a cancel from the loop removes the task at once; from another thread it is queued to the loop).
 *
 * <p>Deadlines are rounded up to a grid of {@code tickNanos} (see {@link EngineCore#tickMillis}), so that
 * the deadlines of thousands of connections falling within one tick come due together and the loop wakes
 * once for all of them: a timeout fires up to one tick late, never early, as on a hashed wheel.
 *
 * <p>Any thread may schedule or cancel. {@link #stop} does nothing: a loop's tasks end with the loop, and
 * the sessions cancel theirs when they close.
 */
final class LoopTimer implements Timer {
    private final EventLoop loop;
    private final long tickNanos;

    LoopTimer(EventLoop loop, long tickNanos) {
        if (tickNanos <= 0) {
            throw new IllegalArgumentException("tickNanos must be positive: " + tickNanos);
        }
        this.loop = loop;
        this.tickNanos = tickNanos;
    }

    @Override
    public Timeout newTimeout(TimerTask task, long delay, TimeUnit unit) {
        long now = System.nanoTime();
        long delayNanos = roundedDelay(now, unit.toNanos(Math.max(0, delay)), tickNanos);
        FutureTimeout timeout = new FutureTimeout(this, task);
        timeout.scheduled(loop.schedule(timeout, delayNanos, TimeUnit.NANOSECONDS));
        return timeout;
    }

    /**
     * The delay from {@code now} to the first grid point at or after {@code now + delayNanos}: never shorter
     * than asked, at most {@code tickNanos - 1} longer. The grid is absolute (multiples of {@code tickNanos}
     * on the {@code nanoTime} clock), so that deadlines asked at different times share their grid point.
     */
    static long roundedDelay(long now, long delayNanos, long tickNanos) {
        long due = now + delayNanos;
        long rounded = Math.floorDiv(due, tickNanos) * tickNanos;
        if (rounded != due) {
            rounded += tickNanos;
        }
        return rounded - now;
    }

    @Override
    public Set<Timeout> stop() {
        return Set.of();
    }
}
