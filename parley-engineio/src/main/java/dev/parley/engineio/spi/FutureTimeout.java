package dev.parley.engineio.spi;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Timeout} run by a scheduler that hands back a {@link Future} (an event loop, a scheduled
 * executor): waiting, then either run (expired) or cancelled, never both. The timer schedules it as a
 * {@link Runnable} and passes the scheduler's handle to {@link #scheduled}; a cancel that comes first
 * applies then. As on a hashed wheel, a task that throws is logged and the scheduler goes on.
 *
 * <p>SPI between Parley's modules: used by {@code parley-engineio}'s loop timers and {@code parley-socketio}'s
 * deadline timer; not for applications. A Netty {@link Timeout} because those timers implement Netty's
 * {@link Timer}, which Parley's layers share.
 */
public final class FutureTimeout implements Timeout, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(FutureTimeout.class);
    private static final int WAITING = 0;
    private static final int EXPIRED = 1;
    private static final int CANCELLED = 2;
    // A volatile int with an updater rather than an AtomicInteger: a connection may hold one (its upgrade or
    // closing timeout; the heartbeat is a wheel entry), Socket.IO's timer one per connect or ack timeout.
    private static final AtomicIntegerFieldUpdater<FutureTimeout> STATE =
            AtomicIntegerFieldUpdater.newUpdater(FutureTimeout.class, "state");

    private final Timer timer;
    private final TimerTask task;
    private volatile int state;
    private volatile Future<?> future;

    public FutureTimeout(Timer timer, TimerTask task) {
        this.timer = timer;
        this.task = task;
    }

    /** The scheduler's handle, known once {@code schedule} returns: a cancel that came first applies now. */
    public void scheduled(Future<?> f) {
        future = f;
        if (state == CANCELLED) {
            f.cancel(false);
        }
    }

    @Override
    public void run() {
        if (!STATE.compareAndSet(this, WAITING, EXPIRED)) {
            return;
        }
        try {
            task.run(this);
        } catch (Throwable t) {
            LOG.warn("A timer task threw", t);
        }
    }

    @Override
    public Timer timer() {
        return timer;
    }

    @Override
    public TimerTask task() {
        return task;
    }

    @Override
    public boolean isExpired() {
        return state == EXPIRED;
    }

    @Override
    public boolean isCancelled() {
        return state == CANCELLED;
    }

    @Override
    public boolean cancel() {
        if (!STATE.compareAndSet(this, WAITING, CANCELLED)) {
            return false;
        }
        Future<?> f = future;
        if (f != null) {
            f.cancel(false);
        }
        return true;
    }
}
