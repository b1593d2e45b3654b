package dev.parley.websocket;

import java.nio.ByteBuffer;

/**
 * The callbacks of a WebSocket endpoint, as the browser's and {@code ws}'s APIs give them. Every method
 * has a no-op default.
 *
 * <p>Thread contract: callbacks of one session run one at a time, in order, never on a network event
 * loop, so they may block: on virtual threads when the JVM has them (Java 21+), otherwise on a bounded
 * pool. Callbacks of different sessions run concurrently.
 *
 * <p>Lifecycle: {@code onOpen} first, then messages, pings and pongs, then {@code onClose} exactly once.
 * {@code onError} comes before {@code onClose} when the connection failed (a protocol violation by the
 * peer, a limit, a transport error).
 */
public interface WebSocketListener {
    /** The handshake completed; the session can send. */
    default void onOpen(WebSocketSession session) {
    }

    /** A complete text message. */
    default void onText(WebSocketSession session, String text) {
    }

    /** A complete binary message; the buffer is a private copy the handler may keep. */
    default void onBinary(WebSocketSession session, ByteBuffer data) {
    }

    /** A ping; the pong was already sent as RFC 6455 §5.5.2 requires. */
    default void onPing(WebSocketSession session, ByteBuffer data) {
    }

    /** A pong, solicited or not. */
    default void onPong(WebSocketSession session, ByteBuffer data) {
    }

    /**
     * The session ended. {@code code} is the peer's close code, 1005 if its close frame had none, 1006 if
     * the connection dropped without one, or the code we failed the connection with.
     */
    default void onClose(WebSocketSession session, int code, String reason) {
    }

    /** The connection failed; {@code onClose} follows. A {@link WebSocketProtocolException} names the code. */
    default void onError(WebSocketSession session, Throwable error) {
    }
}
