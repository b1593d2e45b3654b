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
    void send(String text);

    /** Queues a binary message (the array is not copied: do not modify it afterwards). */
    void send(byte[] data);

    /**
     * Whether a message sent now would go out at once rather than wait in a buffer (an open WebSocket with
     * nothing queued, or a poll waiting with an empty buffer): what socket.io's {@code volatile} checks.
     */
    boolean writable();

    /** Queues a message prepared once for many sessions ({@link EngineIoServer#prepare}). */
    void send(PreparedMessage message);

    /**
     * Queues several prepared messages as one unit: no other message of this session comes between them
     * (a Socket.IO packet and its binary attachments).
     */
    void send(java.util.List<PreparedMessage> messages);

    /** Closes the session after the messages already queued are written. */
    void close();

    /** True until the session closes. */
    boolean isOpen();

    /** An object the layer above keeps with this session (Socket.IO keeps its client here). */
    Object attachment();

    void attachment(Object value);
}
