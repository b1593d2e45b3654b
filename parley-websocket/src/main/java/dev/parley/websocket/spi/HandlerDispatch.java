package dev.parley.websocket.spi;

import io.netty.channel.EventLoop;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Chooses where a session's handlers run, given the event loop that serves the session: a shared
 * executor (virtual threads or a pool, so handlers may block), or that event loop itself (no thread
 * hand-off, the lowest latency, for handlers that never block).
 *
 * <p>SPI between Parley's modules: chosen by {@code parley-server} (from its {@code HandlerExecution} setting),
 * used by {@code parley-websocket} and {@code parley-engineio} for each session; not for applications. Takes a
 * Netty {@link EventLoop} because "the session's own loop" is a choice it offers: the loop is the executor.
 */
public interface HandlerDispatch {
    Executor executorFor(EventLoop loop);

    /**
     * Whether application code may run on event loops. If so, a write made on a connection's own loop is
     * queued like one from another thread instead of written at once: a handler's frame must not overtake
     * frames that other threads queued for the connection before it (a broadcast, a recovery offset).
     */
    boolean handlersOnEventLoops();

    static HandlerDispatch shared(Executor executor) {
        return new Fixed(executor, false);
    }

    /**
     * Handlers run as tasks of the session's own event loop: queued, never inline, so a caller holding a
     * lock never runs a handler under it, and replies written from the handler need no wake-up.
     */
    static HandlerDispatch eventLoop() {
        return OwnLoop.INSTANCE;
    }

    /**
     * As {@link #eventLoop()}, on loops watched for blocked turns: a session on one of {@code loops} runs its
     * handlers through that loop's {@link WatchedLoop} (the same object for every session of the loop), a
     * session on any other loop on the loop itself.
     */
    static HandlerDispatch watchedLoops(Collection<WatchedLoop> loops) {
        Map<EventLoop, WatchedLoop> byLoop = new IdentityHashMap<>();
        for (WatchedLoop watched : loops) {
            byLoop.put(watched.loop(), watched);
        }
        return new Watched(byLoop);
    }

    /**
     * Callbacks run inline, on the event loop (Parley's own protocol layers, such as Engine.IO's parsing of
     * WebSocket messages); {@code applicationOnLoops} says whether the application behind them runs on
     * event loops too.
     */
    static HandlerDispatch inline(boolean applicationOnLoops) {
        return new Fixed(Runnable::run, applicationOnLoops);
    }

    /** The same executor whatever the loop. */
    record Fixed(Executor executor, boolean handlersOnEventLoops) implements HandlerDispatch {
        @Override
        public Executor executorFor(EventLoop loop) {
            return executor;
        }
    }

    /** The session's own event loop, through its watch. Read-only after construction. */
    final class Watched implements HandlerDispatch {
        private final Map<EventLoop, WatchedLoop> byLoop;

        private Watched(Map<EventLoop, WatchedLoop> byLoop) {
            this.byLoop = byLoop;
        }

        @Override
        public Executor executorFor(EventLoop loop) {
            WatchedLoop watched = byLoop.get(loop);
            return watched != null ? watched : loop;
        }

        @Override
        public boolean handlersOnEventLoops() {
            return true;
        }
    }

    /** The session's own event loop. */
    enum OwnLoop implements HandlerDispatch {
        INSTANCE;

        @Override
        public Executor executorFor(EventLoop loop) {
            return loop;
        }

        @Override
        public boolean handlersOnEventLoops() {
            return true;
        }
    }
}
