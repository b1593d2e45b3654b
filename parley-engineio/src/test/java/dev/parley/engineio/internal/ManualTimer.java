package dev.parley.engineio.internal;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** A timer on a clock the test moves: tasks run, in due order, only inside {@link #advanceTo}. */
final class ManualTimer implements Timer {
    private final List<Task> tasks = new ArrayList<>();
    private long now;

    long now() {
        return now;
    }

    /** Moves the clock to {@code time} (nanoseconds), running every task due by then. */
    void advanceTo(long time) {
        while (true) {
            Task next = tasks.stream().filter(t -> !t.cancelled && t.due <= time)
                    .min(Comparator.comparingLong(t -> t.due)).orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            now = Math.max(now, next.due);
            next.expired = true;
            try {
                next.task.run(next);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        now = time;
    }

    @Override
    public Timeout newTimeout(TimerTask task, long delay, TimeUnit unit) {
        Task t = new Task(task, now + unit.toNanos(delay));
        tasks.add(t);
        return t;
    }

    @Override
    public Set<Timeout> stop() {
        tasks.clear();
        return Set.of();
    }

    private final class Task implements Timeout {
        final TimerTask task;
        final long due;
        boolean cancelled;
        boolean expired;

        Task(TimerTask task, long due) {
            this.task = task;
            this.due = due;
        }

        @Override
        public Timer timer() {
            return ManualTimer.this;
        }

        @Override
        public TimerTask task() {
            return task;
        }

        @Override
        public boolean isExpired() {
            return expired;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean cancel() {
            cancelled = true;
            return tasks.remove(this);
        }
    }
}
