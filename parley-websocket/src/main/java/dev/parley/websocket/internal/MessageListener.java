package dev.parley.websocket.internal;

import io.netty.buffer.ByteBuf;

/** Receives whole, validated messages and control frames from {@link FrameRules}. */
public interface MessageListener {
    /** A complete text message, already checked to be valid UTF-8. */
    void onText(String text);

    /** A complete binary message. Ownership passes to the listener, which must release it. */
    void onBinary(ByteBuf data);

    /** A ping; the payload (at most 125 bytes) is valid only during the call. */
    void onPing(ByteBuf payload);

    /** A pong; the payload is valid only during the call. */
    void onPong(ByteBuf payload);

    /**
     * A valid close frame.
     *
     * @param code the status code, or 1005 ({@code NO_STATUS_RECEIVED}) when the frame had none
     */
    void onClose(int code, String reason);
}
