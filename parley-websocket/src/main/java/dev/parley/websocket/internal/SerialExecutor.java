package dev.parley.websocket.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: how the handlers of one session
 * stay ordered while sessions run in parallel. Holds no thread while idle.
 */
public final class SerialExecutor implements Executor {
    private final Executor delegate;
    private final Consumer<Throwable> onFailure;
    // Created with the first task: a connection whose handlers never run here (Engine.IO's WebSocket
    // listener runs on the event loop) should not pay for an empty queue and its sentinel node.
    private static final java.util.concurrent.atomic.AtomicReferenceFieldUpdater<SerialExecutor, Queue> TASKS =
            java.util.concurrent.atomic.AtomicReferenceFieldUpdater.newUpdater(SerialExecutor.class, Queue.class,
                    "tasks");
    private volatile Queue<Runnable> tasks;
    // A volatile int with an updater instead of an AtomicBoolean: one executor per connection, 16 bytes each.
    private static final AtomicIntegerFieldUpdater<SerialExecutor> SCHEDULED =
            AtomicIntegerFieldUpdater.newUpdater(SerialExecutor.class, "scheduled");
    private volatile int scheduled;

    /**
     * @param onFailure told of an exception a task threw; the following tasks still run
     */
    public SerialExecutor(Executor delegate, Consumer<Throwable> onFailure) {
        this.delegate = delegate;
        this.onFailure = onFailure;
    }

    @Override
    public void execute(Runnable task) {
        Queue<Runnable> queue = tasks;
        if (queue == null) {
            TASKS.compareAndSet(this, null, new ConcurrentLinkedQueue<Runnable>());
            queue = tasks;
        }
        queue.add(task);
        scheduleIfIdle();
    }

    private void scheduleIfIdle() {
        Queue<Runnable> queue = tasks;
        if (queue != null && !queue.isEmpty() && SCHEDULED.compareAndSet(this, 0, 1)) {
            delegate.execute(this::drain);
        }
    }

    private void drain() {
        try {
            Runnable task;
            Queue<Runnable> queue = tasks;
            while ((task = queue.poll()) != null) {
                try {
                    task.run();
                } catch (Throwable t) {
                    onFailure.accept(t);
                }
            }
        } finally {
            scheduled = 0;
            // A task added after the last poll but before the flag was cleared must not be stranded.
            scheduleIfIdle();
        }
    }
}
