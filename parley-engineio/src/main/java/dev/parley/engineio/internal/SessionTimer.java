package dev.parley.engineio.internal;

import io.netty.util.Timer;

/**
 * The timeouts of the sessions served by one event loop: their heartbeats as {@link TickEntry entries}
 * armed and moved on that loop's thread (allocation-free, see {@link TickWheel}), and their rarer timeouts
 * (upgrade, closing) as {@link Timer} timeouts from any thread. {@link LoopTimer} in the server; a test's
 * manual timer in unit tests.
 */
interface SessionTimer extends Timer {
    /** Whether the caller is the thread that may {@link #arm} and {@link #disarm}. */
    boolean inLoop();

    /** Runs {@code task} on that thread, after the tasks queued before it. Any thread. */
    void execute(Runnable task);

    /**
     * Arms {@code entry} (or moves it) to expire at {@code deadlineNanos} on this timer's clock (in the server
     * {@link System#nanoTime}, as the sessions' own), never before, at most one tick after. Only from the loop
     * ({@link #inLoop}).
     */
    void arm(TickEntry entry, long deadlineNanos);

    /** Unarms {@code entry} if it is armed; the owner is done with it (until it arms it again). Only from the loop. */
    void disarm(TickEntry entry);
}
