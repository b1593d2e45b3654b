package dev.parley.engineio;

/**
 * Watches an Engine.IO server for monitoring (metrics, logs): refused requests, sessions opening, upgrading
 * and closing, messages and their bytes each way, slow consumers, and how long received messages wait for
 * the application. Set on {@link EngineIoConfig#observer()}. {@code transport} is {@code "polling"} or
 * {@code "websocket"}: the session's transport at that moment.
 *
 * <p>Thread contract: methods are called on event loops, timer threads or, for
 * {@link #handlerQueueDelay}, the thread about to run the application's callback; some with the
 * session's lock held, often once per message. They must be cheap, never block, never call back into
 * the session and never throw. Every method is a no-op by default; {@link #NONE} observes nothing.
 */
public interface EngineIoObserver {
    /** Observes nothing: the default. */
    EngineIoObserver NONE = new EngineIoObserver() {
    };

    /**
     * A request was refused with an Engine.IO error; {@code reason} is its name in lower case:
     * {@code unknown_transport}, {@code unknown_sid}, {@code bad_handshake_method}, {@code bad_request},
     * {@code forbidden} (the {@code allowRequest} hook said no) or {@code unsupported_protocol_version}.
     */
    default void requestRefused(String reason) {
    }

    /** A session opened (handshake done) on {@code transport}. */
    default void sessionOpened(String transport) {
    }

    /** A polling session completed its upgrade to WebSocket. */
    default void upgraded() {
    }

    /** A session closed; once per session, with the transport it had and the reason its listener gets. */
    default void sessionClosed(String transport, CloseReason reason) {
    }

    /** A message from the client; {@code size} in bytes for binary, characters for text. */
    default void messageReceived(String transport, int size) {
    }

    /** A message queued for the client; {@code size} in bytes for binary, characters for text. */
    default void messageSent(String transport, int size) {
    }

    /** A session was closed because more than {@code maxBufferedAmount} bytes waited for its client. */
    default void slowConsumerClosed() {
    }

    /** A received message waited this many nanoseconds between being read and the application's callback starting. */
    default void handlerQueueDelay(long nanos) {
    }
}
