package dev.parley.websocket.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: how the handlers of one session
 * stay ordered while sessions run in parallel. Holds no thread while idle.
 *
 * <p>A turn runs at most {@value #TASKS_PER_TURN} tasks, then yields the thread and continues in a new
 * turn: on an event loop, a client that keeps its session's queue full must not starve the loop's other
 * connections. The executor can be changed ({@link #moveTo}) without breaking the order.
 */
public final class SerialExecutor implements Executor {
    static final int TASKS_PER_TURN = 64;

    private volatile Executor delegate;
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

    /** Queued by {@link #moveTo}: the turn that reaches it switches executors and continues there. */
    private record Move(Executor target) implements Runnable {
        @Override
        public void run() {
        }
    }

    /**
     * @param onFailure told of an exception a task threw; the following tasks still run
     */
    public SerialExecutor(Executor delegate, Consumer<Throwable> onFailure) {
        this.delegate = delegate;
        this.onFailure = onFailure;
    }

    @Override
    public void execute(Runnable task) {
        enqueue(task);
        scheduleIfIdle();
    }

    /**
     * Queues a task without starting a turn; {@link #startQueued} starts it. For a caller that fixes the
     * order under its own lock but hands off the thread after releasing it: a virtual thread started under
     * the lock starts at once on an idle carrier and, at its first call back into the caller, finds the lock
     * held and parks (a stack chunk and a second scheduling, per message).
     */
    public void enqueue(Runnable task) {
        Queue<Runnable> queue = tasks;
        if (queue == null) {
            TASKS.compareAndSet(this, null, new ConcurrentLinkedQueue<Runnable>());
            queue = tasks;
        }
        queue.add(task);
    }

    /** Starts a turn for the tasks {@link #enqueue}d, unless one is running (it runs them). */
    public void startQueued() {
        scheduleIfIdle();
    }

    /**
     * Runs the tasks submitted after this call on {@code target}; those submitted before still run first,
     * on the current executor. How a session follows its connection to another event loop.
     */
    public void moveTo(Executor target) {
        execute(new Move(target));
    }

    private void scheduleIfIdle() {
        Queue<Runnable> queue = tasks;
        if (queue != null && !queue.isEmpty() && SCHEDULED.compareAndSet(this, 0, 1)) {
            submitTurn();
        }
    }

    private void submitTurn() {
        try {
            delegate.execute(this::runTurn);
        } catch (RejectedExecutionException shutDown) {
            // The executor (an event loop, a pool) is shutting down: the tasks still run, close callbacks
            // among them, on a thread of the common pool rather than being stranded.
            ForkJoinPool.commonPool().execute(this::runTurn);
        }
    }

    private void runTurn() {
        boolean more = false;
        try {
            Runnable task;
            Queue<Runnable> queue = tasks;
            int ran = 0;
            while ((task = queue.poll()) != null) {
                if (task instanceof Move move) {
                    delegate = move.target();
                    more = true; // continue on the new executor, even if nothing is queued yet
                    break;
                }
                try {
                    task.run();
                } catch (Throwable t) {
                    onFailure.accept(t);
                }
                if (++ran == TASKS_PER_TURN) {
                    more = !queue.isEmpty();
                    break;
                }
            }
        } finally {
            if (more) {
                submitTurn(); // still scheduled: nobody else starts a turn meanwhile
            } else {
                scheduled = 0;
                // A task added after the last poll but before the flag was cleared must not be stranded.
                scheduleIfIdle();
            }
        }
    }
}
