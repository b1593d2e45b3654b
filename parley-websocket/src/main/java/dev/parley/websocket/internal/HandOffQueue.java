package dev.parley.websocket.internal;

import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The work queue of the handler thread pool: an unbounded queue whose idle workers wait for a task by
 * polling it for a short while ({@code spinNanos}) before they park, and at most one of them at a time.
 *
 * <p>Why: with a {@code LinkedBlockingQueue} every message that finds the queue empty wakes a parked worker
 * (a futex call on the event loop, a context switch, a futex call when the worker parks again), about one
 * futex call per message at one message in flight (docs/benchmarks.md "The hand-off, per message"). Here an
 * event loop that queues a task wakes nobody while a worker is polling, and the worker that just finished a
 * turn is usually the one that takes the next task, with no system call. Parked workers are woken in turn
 * as tasks queue up, as a {@code LinkedBlockingQueue} does, so handlers that block still run in parallel.
 *
 * <p>The cost: at most one core polls for {@code spinNanos} after each burst of work. 0 disables polling.
 */
final class HandOffQueue extends AbstractQueue<Runnable> implements BlockingQueue<Runnable> {
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Parked workers, the most recently parked first (its caches are the warmest). */
    private final ConcurrentLinkedDeque<Thread> parked = new ConcurrentLinkedDeque<>();
    /** 1 while a worker polls the queue instead of parking: a task then needs no wake-up. */
    private final AtomicInteger polling = new AtomicInteger();
    private final long spinNanos;

    HandOffQueue(long spinNanos) {
        this.spinNanos = spinNanos;
    }

    @Override
    public boolean offer(Runnable task) {
        tasks.offer(task);
        if (polling.get() == 0) {
            wakeOne();
        }
        return true;
    }

    @Override
    public Runnable poll() {
        return tasks.poll();
    }

    @Override
    public Runnable peek() {
        return tasks.peek();
    }

    @Override
    public Runnable take() throws InterruptedException {
        return await(false, 0);
    }

    @Override
    public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
        return await(true, unit.toNanos(timeout));
    }

    private Runnable await(boolean timed, long nanos) throws InterruptedException {
        Runnable task = tasks.poll();
        if (task == null) {
            task = pollForAWhile();
        }
        if (task == null) {
            task = park(timed, nanos);
        }
        if (task != null && !tasks.isEmpty() && polling.get() == 0) {
            // More waiting than this worker takes and nobody polling for it: the next one wakes (how a burst
            // spreads over the pool, so that blocking handlers still run side by side). A polling worker
            // takes it without a wake-up, and wakes the next one itself if more are left.
            wakeOne();
        }
        return task;
    }

    /** Polls the queue for up to {@code spinNanos} if no other worker does. */
    private Runnable pollForAWhile() {
        if (spinNanos <= 0 || !polling.compareAndSet(0, 1)) {
            return null;
        }
        try {
            long deadline = System.nanoTime() + spinNanos;
            do {
                Runnable task = tasks.poll();
                if (task != null) {
                    return task;
                }
                Thread.onSpinWait();
            } while (System.nanoTime() - deadline < 0);
            return null;
        } finally {
            polling.set(0);
        }
    }

    private Runnable park(boolean timed, long nanos) throws InterruptedException {
        Thread me = Thread.currentThread();
        long deadline = timed ? System.nanoTime() + nanos : 0;
        for (;;) {
            // Registered before the last look at the queue: a task offered after that look unparks us.
            parked.push(me);
            Runnable task = tasks.poll();
            if (task == null) {
                if (timed) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        parked.remove(me);
                        return null;
                    }
                    LockSupport.parkNanos(this, left);
                } else {
                    LockSupport.park(this);
                }
                task = tasks.poll();
            }
            parked.remove(me); // gone already if a wakeOne took it
            if (task != null) {
                return task;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private void wakeOne() {
        Thread worker = parked.pollFirst();
        if (worker != null) {
            LockSupport.unpark(worker);
        }
    }

    @Override
    public void put(Runnable task) {
        offer(task);
    }

    @Override
    public boolean offer(Runnable task, long timeout, TimeUnit unit) {
        return offer(task);
    }

    @Override
    public int remainingCapacity() {
        return Integer.MAX_VALUE;
    }

    @Override
    public int drainTo(Collection<? super Runnable> to) {
        return drainTo(to, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super Runnable> to, int max) {
        int n = 0;
        Runnable task;
        while (n < max && (task = tasks.poll()) != null) {
            to.add(task);
            n++;
        }
        return n;
    }

    @Override
    public Iterator<Runnable> iterator() {
        return tasks.iterator();
    }

    @Override
    public int size() {
        return tasks.size();
    }

    @Override
    public boolean isEmpty() {
        return tasks.isEmpty();
    }
}
