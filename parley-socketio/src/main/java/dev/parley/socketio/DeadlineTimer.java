package dev.parley.socketio;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Socket.IO server's timer (connect timeouts, ack timeouts, recovery sweeps): one thread that sleeps
 * until the earliest deadline. A hashed wheel ticks every 10 ms whatever it holds, 100 wake-ups a second on an
 * idle server; here an idle server, whose connect timeouts were all cancelled, has nothing due and never
 * wakes up. Deadlines fire on time rather than on the next tick; scheduling and cancelling cost O(log n) in the
 * number pending (a cancelled timeout leaves the queue at once). Tasks run one after another on the timer's
 * thread, as on a wheel: they must be short.
 */
final class DeadlineTimer implements Timer {
    private static final Logger LOG = LoggerFactory.getLogger(DeadlineTimer.class);

    private final ScheduledThreadPoolExecutor executor;

    DeadlineTimer(String threadName) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public Timeout newTimeout(TimerTask task, long delay, TimeUnit unit) {
        ScheduledTimeout timeout = new ScheduledTimeout(task);
        try {
            timeout.scheduled(executor.schedule(timeout, Math.max(0, delay), unit));
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("cannot be started once stopped", e);
        }
        return timeout;
    }

    /** Drops every pending timeout; the set is empty (no caller uses what a stop left behind). */
    @Override
    public Set<Timeout> stop() {
        executor.shutdownNow();
        return Set.of();
    }

    /** A pending task: waiting, then either run (expired) or cancelled, never both. */
    private final class ScheduledTimeout implements Timeout, Runnable {
        private static final int WAITING = 0;
        private static final int EXPIRED = 1;
        private static final int CANCELLED = 2;

        private final TimerTask task;
        private final AtomicInteger state = new AtomicInteger(WAITING);
        private volatile Future<?> future;

        ScheduledTimeout(TimerTask task) {
            this.task = task;
        }

        /** The executor's handle, known once {@code schedule} returns: a cancel that came first applies now. */
        void scheduled(Future<?> f) {
            future = f;
            if (state.get() == CANCELLED) {
                f.cancel(false);
            }
        }

        @Override
        public void run() {
            if (!state.compareAndSet(WAITING, EXPIRED)) {
                return;
            }
            try {
                task.run(this);
            } catch (Throwable t) {
                // As on a wheel: one failing task is logged and the timer goes on.
                LOG.warn("A timer task threw", t);
            }
        }

        @Override
        public Timer timer() {
            return DeadlineTimer.this;
        }

        @Override
        public TimerTask task() {
            return task;
        }

        @Override
        public boolean isExpired() {
            return state.get() == EXPIRED;
        }

        @Override
        public boolean isCancelled() {
            return state.get() == CANCELLED;
        }

        @Override
        public boolean cancel() {
            if (!state.compareAndSet(WAITING, CANCELLED)) {
                return false;
            }
            Future<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
            return true;
        }
    }
}
