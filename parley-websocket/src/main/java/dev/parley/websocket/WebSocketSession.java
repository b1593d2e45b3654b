package dev.parley.websocket;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * One open WebSocket connection. Thread-safe: any thread may send; frames go out in the order of the
 * calls that made them.
 *
 * <p>Each send returns a stage that completes when the frame was written to the socket, or fails if the
 * session closed first, or (policy {@code DROP}) if the outbound buffer was full.
 */
public interface WebSocketSession {
    /** A unique id, for logs and maps. */
    String id();

    /** The opening handshake request. */
    HandshakeRequest request();

    /** The subprotocol the endpoint chose, if any. */
    Optional<String> subprotocol();

    /** The endpoint this session belongs to. */
    WebSocketEndpoint endpoint();

    /** Sends a text message, compressed if permessage-deflate was negotiated and it reaches the threshold. */
    default CompletionStage<Void> sendText(String text) {
        return sendText(text, true);
    }

    /**
     * Sends a text message; {@code compress} false sends it uncompressed even if permessage-deflate was
     * negotiated and it is over {@link WebSocketConfig#deflateThreshold()} (as {@code ws}'s
     * {@code send(data, {compress: false})}): for data already compressed, or too small to gain. True leaves
     * the choice to the negotiation and the threshold.
     */
    CompletionStage<Void> sendText(String text, boolean compress);

    /** Sends a binary message; the array is copied, so the caller may reuse it. */
    default CompletionStage<Void> sendBinary(byte[] data) {
        return sendBinary(data, true);
    }

    /** Like {@link #sendBinary(byte[])}; {@code compress} as in {@link #sendText(String, boolean)}. */
    CompletionStage<Void> sendBinary(byte[] data, boolean compress);

    /** Sends the remaining bytes of {@code data} as a binary message (copied). */
    default CompletionStage<Void> sendBinary(ByteBuffer data) {
        return sendBinary(data, true);
    }

    /** Like {@link #sendBinary(ByteBuffer)}; {@code compress} as in {@link #sendText(String, boolean)}. */
    CompletionStage<Void> sendBinary(ByteBuffer data, boolean compress);

    /** Sends a ping with at most 125 bytes of application data. */
    CompletionStage<Void> ping(byte[] data);

    /** Sends an unsolicited pong (a heartbeat the peer need not answer). */
    CompletionStage<Void> pong(byte[] data);

    /**
     * Starts the close handshake (RFC 6455 §7.1.2): sends a close frame, waits for the peer's, then closes
     * TCP; after {@link WebSocketConfig#closeTimeout()} it closes TCP anyway. No data can be sent after.
     *
     * @param code a code legal to send ({@link CloseCodes#isValidToSend})
     * @param reason at most 123 bytes of UTF-8
     */
    CompletionStage<Void> close(int code, String reason);

    /** Closes with 1000 and no reason. */
    default CompletionStage<Void> close() {
        return close(CloseCodes.NORMAL_CLOSURE, "");
    }

    /** Bytes queued for this session and not yet written to its socket. */
    long bufferedAmount();

    /** True from the handshake until a close frame was sent or received, or the connection dropped. */
    boolean isOpen();

    /** Returns an attribute the application stored on this session. */
    <T> Optional<T> attribute(String name, Class<T> type);

    /** Stores an attribute (null removes it). */
    void attribute(String name, Object value);
}
