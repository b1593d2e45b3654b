package dev.parley.websocket.spi;

import dev.parley.websocket.WebSocketSession;
import io.netty.channel.EventLoop;

/**
 * A WebSocket connection as a protocol layer built on it sees it (Engine.IO's WebSocket transport): the
 * {@link WebSocketSession} its listener is called with, plus what such a layer needs and an application must
 * not have: writing frames encoded once for many connections, the event loop that owns the connection,
 * back-pressure, and a slot for the layer's own per-connection state.
 *
 * <p>SPI between Parley's modules, used by {@code parley-engineio}; not for applications, and not to be
 * implemented outside {@code parley-websocket}: every {@link WebSocketSession} Parley creates is one, and
 * {@link #sendShared} accepts only frames from {@link SharedFrame}'s factories. One implementation, so a call
 * through this interface stays monomorphic on the per-message path.
 *
 * <p>Thread contract: every method may be called from any thread.
 */
public interface TransportConnection extends WebSocketSession {
    /**
     * The event loop serving this connection, for a layer that runs its timers and its own work there.
     * A Netty type because that layer schedules on the loop itself ({@link HandlerDispatch} picks executors
     * by it, timer wheels are kept per loop); an application never sees it.
     */
    EventLoop eventLoop();

    /**
     * Sends a frame shared with other connections: the caller retained a reference for this connection,
     * released once written. {@code compress} false sends it uncompressed whatever its size.
     */
    void sendShared(SharedFrame frame, boolean compress);

    /**
     * Sends {@code asciiPrefix} then {@code text} as one text message, with no result future and no channel
     * promise per message (a failure closes or drops as {@link #sendText} does): how Engine.IO writes a
     * packet, its type digit then its data.
     */
    void sendPrefixedText(char asciiPrefix, String text, boolean compress);

    /** Stops (or resumes) reading from the socket because the layer's own inbound queue is full. */
    void pauseReading(boolean pause);

    /** The object the layer keeps for this connection; null until {@link #attach}. */
    Object attachment();

    /** Sets {@link #attachment()}: a field, not an {@link #attribute}, which costs an array and a search. */
    void attach(Object value);
}
