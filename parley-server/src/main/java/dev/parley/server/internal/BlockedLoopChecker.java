package dev.parley.server.internal;

import dev.parley.websocket.spi.WatchedLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns, with the loop thread's stack taken while it is stuck, when one handler turn runs on an event loop for
 * longer than a threshold (as Vert.x's blocked-thread checker does). One daemon platform thread for all loops of
 * a server, started only when handlers run on the loops; it wakes every half threshold and reads one counter
 * per loop ({@link WatchedLoop#turns()}), so it costs nothing per connection and nothing on the loops beyond
 * the counter's two stores per turn.
 *
 * <p>What it logs, per loop: a WARN with the stack once a turn has run past the threshold; another with the
 * stack every {@value #REPEAT_THRESHOLDS} thresholds while that turn goes on; one line when it ends, with its
 * total time. A turn is timed from the first sample that saw it, so times are lower bounds, to half a threshold.
 * Rate limit: of the turns that pass the threshold, at most one per loop per {@code reportInterval} is logged;
 * the others are counted, and the next report says how many were left out. Every turn past the threshold
 * counts in {@link #blockedTurns()}, logged or not.
 *
 * <p>A gap in the checker's own ticks (a stop-the-world GC pause or a safepoint stops it and the loops alike)
 * is not counted as blocked time: a long GC pause is not reported as a blocked handler.
 */
public final class BlockedLoopChecker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BlockedLoopChecker.class);
    /** The checker thread's name. */
    public static final String THREAD_NAME = "parley-blocked-loop-checker";
    /** A turn still blocked is reported again every this many thresholds. */
    static final int REPEAT_THRESHOLDS = 4;
    /** The shortest tick, so that a tiny threshold cannot make the checker spin. */
    private static final long MIN_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final LoopState[] loops;
    private final long thresholdNanos;
    private final long periodNanos;
    private final long reportIntervalNanos;
    private final Thread thread;
    private volatile boolean closed;
    /** Written by the checker thread only. */
    private volatile long blockedTurns;

    /** Per loop, the checker's own view: touched by the checker thread only, apart from the loop's counter. */
    private static final class LoopState {
        final WatchedLoop loop;
        /** The counter at the last sample, and when that value was first seen. */
        long seen;
        long since;
        boolean counted;
        boolean reported;
        long lastWarnAt;
        long lastStackAt;
        boolean everReported;
        long suppressed;

        LoopState(WatchedLoop loop) {
            this.loop = loop;
        }
    }

    private BlockedLoopChecker(List<WatchedLoop> watched, Duration threshold, Duration reportInterval) {
        loops = new LoopState[watched.size()];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new LoopState(watched.get(i));
        }
        thresholdNanos = threshold.toNanos();
        periodNanos = Math.max(MIN_PERIOD_NANOS, thresholdNanos / 2);
        reportIntervalNanos = reportInterval.toNanos();
        thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
    }

    /** Starts watching {@code loops}; {@code threshold} must be positive. */
    public static BlockedLoopChecker start(List<WatchedLoop> loops, Duration threshold, Duration reportInterval) {
        if (threshold.isZero() || threshold.isNegative()) {
            throw new IllegalArgumentException("threshold must be positive: " + threshold);
        }
        BlockedLoopChecker checker = new BlockedLoopChecker(loops, threshold, reportInterval);
        checker.thread.start();
        return checker;
    }

    /** Turns that ran past the threshold so far, logged or not. */
    public long blockedTurns() {
        return blockedTurns;
    }

    private void run() {
        long last = System.nanoTime();
        while (!closed) {
            LockSupport.parkNanos(this, periodNanos);
            long now = System.nanoTime();
            // A tick later than a whole threshold: the checker was stopped too (GC, safepoint, a starved CPU);
            // what it did not see is not blamed on a handler.
            long unseen = now - last > thresholdNanos ? now - last - periodNanos : 0;
            last = now;
            for (LoopState state : loops) {
                check(state, now, unseen);
            }
        }
    }

    private void check(LoopState s, long now, long unseen) {
        long turns = s.loop.turns();
        if (turns != s.seen) {
            if (s.reported) {
                LOG.warn("Event loop {} is free again: the handler turn reported blocked ran for about {} ms",
                        threadName(s), millis(now - s.since));
            }
            s.seen = turns;
            s.since = now;
            s.counted = false;
            s.reported = false;
            return;
        }
        if (!WatchedLoop.running(turns)) {
            return;
        }
        s.since += unseen;
        long blocked = now - s.since;
        if (!s.counted && blocked >= thresholdNanos) {
            s.counted = true;
            blockedTurns++;
            if (!s.everReported || now - s.lastStackAt >= reportIntervalNanos) {
                report(s, now, blocked, true);
            } else {
                s.suppressed++;
            }
        } else if (s.reported && now - s.lastWarnAt >= REPEAT_THRESHOLDS * thresholdNanos) {
            report(s, now, blocked, false);
        }
    }

    private void report(LoopState s, long now, long blocked, boolean first) {
        Thread loopThread = s.loop.thread();
        if (loopThread == null) {
            return;
        }
        StackTraceElement[] stack = loopThread.getStackTrace();
        if (s.loop.turns() != s.seen) {
            return; // the turn ended while the stack was taken: that stack would not show what blocked it
        }
        BlockedLoopStack trace = new BlockedLoopStack(loopThread.getName(), stack);
        if (first) {
            String leftOut = s.suppressed == 0 ? "" : " (" + s.suppressed + " more handler turn(s) past the threshold"
                    + " on this loop since its last report were not logged)";
            LOG.warn("Event loop {} has been running one handler turn for {} ms, more than the blocked-loop warning"
                    + " threshold of {} ms: with --handlers EVENT_LOOP a handler must never block, every connection"
                    + " of this loop waits for it{}. The loop's stack now:", loopThread.getName(), millis(blocked),
                    millis(thresholdNanos), leftOut, trace);
            s.suppressed = 0;
            s.everReported = true;
            s.lastStackAt = now;
        } else {
            LOG.warn("Event loop {} is still blocked: one handler turn for {} ms so far. The loop's stack now:",
                    loopThread.getName(), millis(blocked), trace);
        }
        s.reported = true;
        s.lastWarnAt = now;
    }

    private static String threadName(LoopState s) {
        Thread t = s.loop.thread();
        return t == null ? "?" : t.getName();
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** Stops the checker thread and waits for it. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        LockSupport.unpark(thread);
        thread.join(TimeUnit.SECONDS.toMillis(5));
    }

    /** Carries the stack of a blocked loop thread into the log; never thrown. */
    static final class BlockedLoopStack extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BlockedLoopStack(String threadName, StackTraceElement[] stack) {
            super("Stack of the blocked event loop " + threadName, null, false, true);
            setStackTrace(stack);
        }
    }
}
