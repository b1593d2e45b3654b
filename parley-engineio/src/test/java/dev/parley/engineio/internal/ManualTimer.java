package dev.parley.engineio.internal;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A timer on a clock the test moves: timeouts and armed entries run, in due order, only inside {@link
 * #advanceTo}, each exactly at its deadline (no grid). The test is the loop unless it says it is not
 * ({@link #offLoop}): then {@link #arm} and {@link #disarm} fail, and {@link #execute} queues.
 */
final class ManualTimer implements SessionTimer {
    private final List<Task> tasks = new ArrayList<>();
    private final Map<TickEntry, Long> armed = new IdentityHashMap<>();
    private final List<Runnable> loopTasks = new ArrayList<>();
    private boolean offLoop;
    private long now;

    /** From now on the test calls from another thread than the loop: {@link #execute} queues for {@link #runLoopTasks}. */
    void offLoop(boolean off) {
        offLoop = off;
    }

    /** The loop gets to the tasks handed to it from other threads. */
    void runLoopTasks() {
        boolean wasOff = offLoop;
        offLoop = false;
        List<Runnable> queued = new ArrayList<>(loopTasks);
        loopTasks.clear();
        queued.forEach(Runnable::run);
        offLoop = wasOff;
    }

    long now() {
        return now;
    }

    /** Moves the clock to {@code time} (nanoseconds), running every task and entry due by then. */
    void advanceTo(long time) {
        while (true) {
            Task next = tasks.stream().filter(t -> !t.cancelled && t.due <= time)
                    .min(Comparator.comparingLong(t -> t.due)).orElse(null);
            Map.Entry<TickEntry, Long> entry = armed.entrySet().stream().filter(e -> e.getValue() <= time)
                    .min(Map.Entry.comparingByValue()).orElse(null);
            if (entry != null && (next == null || entry.getValue() < next.due)) {
                armed.remove(entry.getKey());
                now = Math.max(now, entry.getValue());
                entry.getKey().expire();
                continue;
            }
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
        armed.clear();
        return Set.of();
    }

    @Override
    public boolean inLoop() {
        return !offLoop;
    }

    @Override
    public void execute(Runnable task) {
        if (offLoop) {
            loopTasks.add(task);
        } else {
            task.run();
        }
    }

    @Override
    public void arm(TickEntry entry, long deadlineNanos) {
        if (offLoop) {
            throw new IllegalStateException("armed off the loop");
        }
        armed.put(entry, deadlineNanos);
    }

    @Override
    public void disarm(TickEntry entry) {
        if (offLoop) {
            throw new IllegalStateException("disarmed off the loop");
        }
        armed.remove(entry);
    }

    /** The deadlines of the armed entries. */
    List<Long> armed() {
        return armed.values().stream().sorted().toList();
    }

    /** How many timeouts ({@link #newTimeout}) wait. */
    int pendingTimeouts() {
        return (int) tasks.stream().filter(t -> !t.cancelled).count();
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
