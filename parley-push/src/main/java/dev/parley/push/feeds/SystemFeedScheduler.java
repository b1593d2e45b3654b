package dev.parley.push.feeds;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The relay's scheduler in production: one daemon thread, {@code parley-feeds}, and the system clock. */
final class SystemFeedScheduler implements FeedScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(SystemFeedScheduler.class);

    private final ScheduledThreadPoolExecutor executor;

    SystemFeedScheduler() {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "parley-feeds");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true); // cancelled deadlines do not pile up in the queue
    }

    @Override
    public long nowMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        try {
            ScheduledFuture<?> f = executor.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException e) {
            return Cancellable.NONE; // closed: the relay is stopping
        }
    }

    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(guarded(task));
        } catch (RejectedExecutionException e) {
            // closed: the relay is stopping, the outcome of a poll no longer matters
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** A bug in one feed's handling is logged and must not end the thread every feed shares. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("feed relay task failed", e);
            }
        };
    }
}
