package dev.parley.websocket;

/**
 * Watches the WebSocket layer for monitoring (metrics, logs): handshakes, sessions opening and closing with
 * their close codes, messages and bytes each way, slow consumers, and how long received messages wait for
 * their handler. Set once on the server's {@link WebSocketConfig#observer()}; it sees every WebSocket of the
 * server, those of raw endpoints and those under Engine.IO alike, told apart by {@code path} (the endpoint's
 * path, e.g. {@code /ws/echo} or {@code /socket.io/}).
 *
 * <p>Thread contract: methods are called on the connection's event loop (or, for {@link #handlerQueueDelay},
 * on the thread about to run the handler), often once per message: they must be cheap, never block and
 * never throw. Every method is a no-op by default; {@link #NONE} observes nothing.
 */
public interface WebSocketObserver {
    /** Observes nothing: the default. */
    WebSocketObserver NONE = new WebSocketObserver() {
    };

    /** A handshake to {@code path} was refused with this HTTP status (403 Origin, 426 version, 400 ...). */
    default void handshakeRejected(String path, int status) {
    }

    /** A session opened on {@code path} (the 101 was written). */
    default void opened(String path) {
    }

    /**
     * A session on {@code path} closed, with the code its listener's {@code onClose} gets: the peer's
     * code, the code of a protocol failure, or 1006 when TCP ended without a close frame. Once per session.
     */
    default void closed(String path, int code) {
    }

    /** A data message (text or binary, whole after reassembly) was received. */
    default void messageReceived(String path) {
    }

    /** Bytes read from the socket: whole frames as on the wire (headers, masks, compressed payloads). */
    default void bytesReceived(String path, long bytes) {
    }

    /** A data frame was written: its size on the wire in bytes (header and, if compressed, the compressed payload). */
    default void messageSent(String path, long bytes) {
    }

    /** A session was closed with 1008 because its outbound buffer passed {@code maxBufferedAmount}. */
    default void slowConsumerClosed(String path) {
    }

    /** A received message waited this many nanoseconds between being read and its handler starting. */
    default void handlerQueueDelay(String path, long nanos) {
    }
}
