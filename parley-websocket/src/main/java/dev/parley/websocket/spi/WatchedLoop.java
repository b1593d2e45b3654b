package dev.parley.websocket.spi;

import io.netty.channel.EventLoop;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;

/**
 * An event loop as the executor of handler turns ({@link SerialExecutor}), with a turn counter that a
 * blocked-loop checker on another thread samples: odd while a turn runs on the loop, even between turns. A
 * checker that sees the same odd value twice, a while apart, knows that one turn has run at least that long.
 *
 * <p>Cost on the loop: two opaque stores of a {@code long} per turn (a plain store on x86), no clock read, no
 * allocation, no fence. One per event loop, created before the loop serves connections.
 *
 * <p>Thread contract: {@link #turnStarted()} and {@link #turnEnded()} only on the loop's thread; {@link #turns()}
 * and {@link #thread()} from any thread.
 *
 * <p>SPI between Parley's modules: {@code parley-server}'s blocked-loop checker samples it; not for applications.
 */
public final class WatchedLoop implements Executor {
    private static final VarHandle TURNS;

    static {
        try {
            TURNS = MethodHandles.lookup().findVarHandle(WatchedLoop.class, "turns", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final EventLoop loop;
    private volatile Thread thread;
    /** Written by the loop's thread only (opaque), read by the checker (opaque). */
    @SuppressWarnings("unused")
    private long turns;

    /** Watches {@code loop}; queues one task to it that notes its thread, for the checker's stack traces. */
    public WatchedLoop(EventLoop loop) {
        this.loop = loop;
        loop.execute(() -> thread = Thread.currentThread());
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    public EventLoop loop() {
        return loop;
    }

    /** The loop's thread, or null before its first task ran (no turn has run either). */
    public Thread thread() {
        return thread;
    }

    /** The turn counter: odd while a turn runs (see {@link #running}). */
    public long turns() {
        return (long) TURNS.getOpaque(this);
    }

    /** Whether a counter value read by {@link #turns()} means a turn was running. */
    public static boolean running(long turns) {
        return (turns & 1) != 0;
    }

    /** On the loop: a turn starts. Turns on one loop never nest (each is a task of the loop). */
    void turnStarted() {
        TURNS.setOpaque(this, turns + 1);
    }

    /** On the loop: the turn started last has ended. */
    void turnEnded() {
        TURNS.setOpaque(this, turns + 1);
    }
}
