package dev.parley.engineio;

import dev.parley.websocket.HandshakeRequest;

/**
 * One Engine.IO session, whatever its transport. Thread-safe: any thread may send; messages reach the
 * client in the order of the calls, across a transport upgrade too.
 */
public interface EngineIoSocket {
    /** The session id ({@code sid}): 20 URL-safe characters from a secure random source. */
    String id();

    /** The request that opened the session (path, query, headers, client address). */
    HandshakeRequest request();

    /** {@code "polling"} or {@code "websocket"}; changes once when the client upgrades. */
    String transport();

    /** Queues a text message; ignored once the session is closed. */
    default void send(String text) {
        send(text, true);
    }

    /**
     * Queues a text message with engine.io's {@code compress} option: false sends it without
     * permessage-deflate over WebSocket, whatever its size, and does not ask for HTTP compression of the
     * polling response that carries it (a response is compressed if any message in it asks, as in engine.io).
     */
    void send(String text, boolean compress);

    /** Queues a binary message (the array is not copied: do not modify it afterwards). */
    default void send(byte[] data) {
        send(data, true);
    }

    /** Like {@link #send(byte[])}, with {@code compress} as in {@link #send(String, boolean)}. */
    void send(byte[] data, boolean compress);

    /**
     * Whether a message sent now would go out at once rather than wait in a buffer (an open WebSocket with
     * nothing queued, or a poll waiting with an empty buffer): what socket.io's {@code volatile} checks.
     */
    boolean writable();

    /** Queues a message prepared once for many sessions ({@link EngineIoServer#prepare}). */
    default void send(PreparedMessage message) {
        send(message, true);
    }

    /**
     * Like {@link #send(PreparedMessage)}, with {@code compress} as in {@link #send(String, boolean)}: the
     * sessions sent a prepared message with false all share its one uncompressed frame.
     */
    void send(PreparedMessage message, boolean compress);

    /**
     * Queues several prepared messages as one unit: no other message of this session comes between them
     * (a Socket.IO packet and its binary attachments).
     */
    default void send(java.util.List<PreparedMessage> messages) {
        send(messages, true);
    }

    /** Like {@link #send(java.util.List)}, with {@code compress} as in {@link #send(String, boolean)}. */
    void send(java.util.List<PreparedMessage> messages, boolean compress);

    /** Closes the session after the messages already queued are written. */
    void close();

    /** True until the session closes. */
    boolean isOpen();

    /** An object the layer above keeps with this session (Socket.IO keeps its client here). */
    Object attachment();

    void attachment(Object value);
}
