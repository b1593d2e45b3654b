package dev.parley.engineio;

/**
 * The callbacks of an Engine.IO server. Every method has a no-op default.
 *
 * <p>Thread contract: callbacks of one session run one at a time, in order, never on a network event loop
 * (virtual threads on Java 21+, a bounded pool otherwise). Heartbeats are handled by the transport, not
 * here, so a slow callback never causes a ping timeout.
 */
public interface EngineIoListener {
    /** A session opened; it can send at once. */
    default void onOpen(EngineIoSocket socket) {
    }

    /** A text message. */
    default void onMessage(EngineIoSocket socket, String text) {
    }

    /** A binary message; the array belongs to the callee. */
    default void onBinary(EngineIoSocket socket, byte[] data) {
    }

    /** The session ended; called exactly once, after every message it received. */
    default void onClose(EngineIoSocket socket, CloseReason reason) {
    }
}
