package dev.parley.engineio.internal;

import java.util.List;

/** How a session's packets reach its client. Called with the session's lock held. */
interface Transport {
    String name();

    /** Whether {@link #write} can take packets now (WebSocket: while open; polling: while a GET waits). */
    boolean isWritable();

    void write(List<EnginePacket> packets);

    /** Writes one ping, when nothing else is buffered for this transport; as {@code write(List.of(PING))}. */
    default void writePing() {
        write(List.of(EnginePacket.PING_PACKET));
    }

    /** Whether a packet written now would leave at once (nothing queued ahead of it). */
    default boolean isIdle() {
        return isWritable();
    }

    /**
     * Ends the transport. {@code byClient}: the client asked (a pending poll is released with a noop, as
     * the reference server does); otherwise the server ends it (a pending poll gets a close packet).
     */
    void close(boolean byClient);

    /**
     * Runs {@code task} once what was written so far has been handed to the connection (on its event
     * loop, after the writes queued before it); never inline. Default: at once.
     */
    default void afterWrites(Runnable task) {
        task.run();
    }

    /**
     * Runs {@code task} once what the client already sent has been read: on the connection's event loop,
     * after an I/O round. Called without the session's lock. Default: at once.
     */
    default void afterPendingReads(Runnable task) {
        task.run();
    }

    /** Stops or resumes taking messages from the client while the application is behind. */
    default void pauseReading(boolean pause) {
    }
}
