package dev.parley.engineio.internal;

import dev.parley.engineio.spi.FutureTimeout;
import io.netty.channel.EventLoop;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The timeouts of the sessions served by one event loop, run by that loop: the sessions' heartbeats (pings
 * and pong deadlines) on a {@link TickWheel} that one scheduled task of the loop runs once per tick with
 * something due; the rarer upgrade and closing timeouts as scheduled tasks of their own.
 *
 * <p>Why not one timer thread for all sessions: every ping it fired was a write handed to the connection's
 * loop from another thread (a task queued across threads, the loop woken for it), and every tick woke the
 * timer's thread whether anything was due or not. Here a ping is written by the loop that owns the
 * connection, and a pong read on that loop moves the session's entry to its next ping there.
 *
 * <p>Why a wheel rather than a scheduled task per deadline: a Netty scheduled task and its timeout object
 * per ping and per pong deadline were garbage stored into old sessions (G1's refinement threads then work
 * for every one), and each was a separate entry of the loop's scheduled-task heap. The wheel moves the
 * session's one entry in O(1), and the loop has one scheduled task at a time for all its heartbeats.
 *
 * <p>Deadlines are on a grid of {@code tickNanos} (see {@link EngineCore#tickMillis}): the deadlines of
 * thousands of connections that fall within one tick come due together, and the loop wakes once for all of
 * them: a timeout fires up to one tick late, never early. The grid is absolute (multiples of {@code
 * tickNanos} on the {@code nanoTime} clock), so deadlines asked at different times share their grid point.
 *
 * <p>{@link #arm} and {@link #disarm} only on the loop; {@link #newTimeout} and its timeouts' cancel from any
 * thread. {@link #stop} does nothing: a loop's tasks end with the loop, and the sessions disarm theirs when
 * they close.
 */
final class LoopTimer implements SessionTimer {
    /** Ticks the wheel holds without rounds: 102 s with the default 100 ms tick, 10 s with 10 ms. */
    static final int BUCKETS = 1024;

    private final EventLoop loop;
    private final long tickNanos;
    private final TickWheel wheel;
    private final Runnable tickTask = this::runTick;
    /** The loop's one scheduled task for the wheel, and the tick it is for; null when none is. */
    private ScheduledFuture<?> wake;
    private long wakeTick;
    private boolean running;

    LoopTimer(EventLoop loop, long tickNanos) {
        this.loop = loop;
        this.tickNanos = tickNanos;
        this.wheel = new TickWheel(tickNanos, BUCKETS, System.nanoTime());
    }

    @Override
    public boolean inLoop() {
        return loop.inEventLoop();
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    @Override
    public void arm(TickEntry entry, long deadlineNanos) {
        if (wheel.isEmpty()) {
            wheel.catchUp(System.nanoTime());
        }
        wheel.arm(entry, deadlineNanos);
        if (!running) {
            wakeBy(wheel.tickOf(entry));
        }
    }

    /** Also gives up the entry's place in the wheel (see {@link TickEntry}). */
    @Override
    public void disarm(TickEntry entry) {
        // The wake-up stays: if it was for this entry alone, it runs nothing and is not scheduled again.
        wheel.disarm(entry);
    }

    /** Makes sure the loop wakes at {@code tick} or before. */
    private void wakeBy(long tick) {
        if (wake != null) {
            if (wakeTick <= tick) {
                return;
            }
            wake.cancel(false);
        }
        wakeTick = tick;
        wake = loop.schedule(tickTask, tick * tickNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    /** The scheduled task: runs what is due, then schedules itself for the next tick that holds something. */
    private void runTick() {
        wake = null;
        running = true;
        try {
            wheel.expire(System.nanoTime());
        } finally {
            running = false;
            long next = wheel.nextTick();
            if (next != TickWheel.NONE) {
                wakeBy(next);
            }
        }
    }

    /** How many heartbeat entries are armed (tests). Loop only. */
    int armed() {
        return wheel.size();
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
     * than asked, at most {@code tickNanos - 1} longer.
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
