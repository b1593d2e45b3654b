package dev.parley.websocket.internal;

import io.netty.channel.EventLoop;
import java.util.concurrent.Executor;

/**
 * Chooses where a session's handlers run, given the event loop that serves the session: a shared
 * executor (virtual threads or a pool, so handlers may block), or that event loop itself (no thread
 * hand-off, the lowest latency, for handlers that never block).
 */
@FunctionalInterface
public interface HandlerDispatch {
    Executor executorFor(EventLoop loop);

    static HandlerDispatch shared(Executor executor) {
        return loop -> executor;
    }

    /**
     * Handlers run as tasks of the session's own event loop: queued, never inline, so a caller holding a
     * lock never runs a handler under it, and replies written from the handler need no wake-up.
     */
    static HandlerDispatch eventLoop() {
        return loop -> loop;
    }
}
