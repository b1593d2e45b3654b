package dev.parley.server;

/**
 * Where the handlers of WebSocket endpoints and Engine.IO / Socket.IO servers run.
 */
public enum HandlerExecution {
    /** Virtual threads on Java 21 and later, a pool of platform threads before: handlers may block. */
    AUTO,
    /** One virtual thread per task; needs Java 21 or later. Handlers may block. */
    VIRTUAL_THREADS,
    /** A bounded pool of platform threads. Handlers may block briefly (the pool is shared). */
    THREAD_POOL,
    /**
     * On the I/O thread that serves the connection, as a task queued behind its reads: no thread hand-off
     * and no wake-up per message, so the lowest latency. Handlers must never block (no JDBC, no sleeping,
     * no waiting on futures): a blocked handler stalls every connection of that event loop.
     */
    EVENT_LOOP
}
