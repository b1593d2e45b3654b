package dev.parley.socketio;

import dev.parley.engineio.spi.FutureTimeout;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The Socket.IO server's timer (connect timeouts, ack timeouts, recovery sweeps): one thread that sleeps
 * until the earliest deadline. A hashed wheel ticks every 10 ms whatever it holds, 100 wake-ups a second on an
 * idle server; here an idle server, whose connect timeouts were all cancelled, has nothing due and never
 * wakes up. Deadlines fire on time rather than on the next tick; scheduling and cancelling cost O(log n) in the
 * number pending (a cancelled timeout leaves the queue at once). Tasks run one after another on the timer's
 * thread, as on a wheel: they must be short.
 */
final class DeadlineTimer implements Timer {
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
        FutureTimeout timeout = new FutureTimeout(this, task);
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
}
