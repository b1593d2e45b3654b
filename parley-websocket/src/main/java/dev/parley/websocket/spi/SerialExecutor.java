package dev.parley.websocket.spi;

import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Consumer;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: how the handlers of one session
 * stay ordered while sessions run in parallel. Holds no thread while idle.
 *
 * <p>A turn runs at most {@value #TASKS_PER_TURN} tasks, then yields the thread and continues in a new
 * turn: on an event loop, a client that keeps its session's queue full must not starve the loop's other
 * connections. The executor can be changed ({@link #moveTo}) without breaking the order.
 *
 * <p>SPI between Parley's modules: used by {@code parley-websocket}'s connections and extended by
 * {@code parley-engineio}'s sessions for their listener callbacks; not for applications.
 */
public abstract class SerialExecutor implements Executor {
    static final int TASKS_PER_TURN = 64;

    private volatile Executor delegate;
    // Tasks are pushed onto a stack (newest first) that a turn takes whole and reverses, rather than kept in a
    // ConcurrentLinkedQueue: an idle executor then holds no queue object and no sentinel node (72 bytes, and a
    // connection has one or two of these), and a task still costs one node.
    private static final AtomicReferenceFieldUpdater<SerialExecutor, Node> INCOMING =
            AtomicReferenceFieldUpdater.newUpdater(SerialExecutor.class, Node.class, "incoming");
    /** Submitted and not yet taken by a turn, newest first; null when none. */
    private volatile Node incoming;
    /**
     * Taken by a turn and not yet run, oldest first. Used only by the turn running (turns never overlap, and one
     * hands over to the next through the {@code scheduled} flag or the delegate), and null whenever no turn is
     * scheduled: a turn ends idle only when it is empty.
     */
    private Node batch;
    // A volatile int with an updater instead of an AtomicBoolean: one executor per connection, 16 bytes each.
    private static final AtomicIntegerFieldUpdater<SerialExecutor> SCHEDULED =
            AtomicIntegerFieldUpdater.newUpdater(SerialExecutor.class, "scheduled");
    private volatile int scheduled;

    private static final class Node {
        final Runnable task;
        Node next;

        Node(Runnable task) {
            this.task = task;
        }
    }

    /** Queued by {@link #moveTo}: the turn that reaches it switches executors and continues there. */
    private record Move(Executor target) implements Runnable {
        @Override
        public void run() {
        }
    }

    /**
     * A serial executor that tells {@code onFailure} of an exception a task threw (the following tasks still
     * run).
     */
    public static SerialExecutor create(Executor delegate, Consumer<Throwable> onFailure) {
        return new SerialExecutor(delegate) {
            @Override
            protected void taskFailed(Throwable failure) {
                onFailure.accept(failure);
            }
        };
    }

    /**
     * For a subclass that handles failures itself: an owner held by thousands of connections extends this
     * (often anonymously) rather than passing a capturing lambda, one object fewer per connection.
     */
    protected SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    /** Told of an exception a task threw; the following tasks still run. Called on the turn's thread. */
    protected abstract void taskFailed(Throwable failure);

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
        Node node = new Node(task);
        Node head;
        do {
            head = incoming;
            node.next = head; // published by the CAS below
        } while (!INCOMING.compareAndSet(this, head, node));
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
        // No turn scheduled means nothing was taken and left unrun (see batch): only submitted tasks count.
        if (incoming != null && SCHEDULED.compareAndSet(this, 0, 1)) {
            submitTurn();
        }
    }

    private void submitTurn() {
        try {
            delegate.execute(this::runTurn);
        } catch (RejectedExecutionException shutDown) {
            // The executor (an event loop, a pool) is shutting down: the tasks still run, close callbacks
            // among them, on a thread of the common pool rather than being stranded.
            ForkJoinPool.commonPool().execute(this::runTurnOffLoop);
        }
    }

    /**
     * A turn submitted to the delegate. On a watched event loop the loop's turn counter brackets it (two plain
     * stores), so that a blocked-loop checker can tell a turn that does not end.
     */
    private void runTurn() {
        if (delegate instanceof WatchedLoop loop) {
            loop.turnStarted();
            try {
                runTasks();
            } finally {
                loop.turnEnded();
            }
        } else {
            runTasks();
        }
    }

    /** A turn on a thread of the common pool, not on the delegate's thread: no loop's counter to touch. */
    private void runTurnOffLoop() {
        runTasks();
    }

    private void runTasks() {
        boolean more = false;
        try {
            int ran = 0;
            Runnable task;
            while ((task = next()) != null) {
                if (task instanceof Move move) {
                    delegate = move.target();
                    more = true; // continue on the new executor, even if nothing is queued yet
                    break;
                }
                try {
                    task.run();
                } catch (Throwable t) {
                    taskFailed(t);
                }
                if (++ran == TASKS_PER_TURN) {
                    more = batch != null || incoming != null;
                    break;
                }
            }
        } finally {
            // batch is left non-empty only by a throw out of taskFailed: its tasks must not wait for a new one.
            if (more || batch != null) {
                submitTurn(); // still scheduled: nobody else starts a turn meanwhile
            } else {
                scheduled = 0;
                // A task added after the last take but before the flag was cleared must not be stranded.
                scheduleIfIdle();
            }
        }
    }

    /** The oldest task not yet run, or null when none is left; run by the turn only. */
    private Runnable next() {
        if (batch == null) {
            Node newestFirst = INCOMING.getAndSet(this, null);
            Node oldestFirst = null;
            while (newestFirst != null) {
                Node rest = newestFirst.next;
                newestFirst.next = oldestFirst;
                oldestFirst = newestFirst;
                newestFirst = rest;
            }
            batch = oldestFirst;
            if (batch == null) {
                return null;
            }
        }
        Node node = batch;
        batch = node.next;
        node.next = null;
        return node.task;
    }
}
