package dev.parley.websocket.internal;

import io.netty.buffer.ByteBuf;

/** Receives the frames that {@link FrameReader} parses, as a header, payload chunks, and an end. */
public interface FrameListener {
    /**
     * A frame header was parsed (RFC 6455 §5.2).
     *
     * @param rsv the RSV1-3 bits, still in place ({@code 0x70} mask of the first byte)
     */
    void onFrameStart(boolean fin, int rsv, int opcode, boolean masked, long payloadLength);

    /**
     * A chunk of the current frame's payload, already unmasked. Valid only during the call, except the chunk that
     * completes the payload, which stays valid until the {@link #onFrameEnd} that follows it at once returns: the
     * listener copies or retains what it keeps longer, and never releases it.
     */
    void onPayload(ByteBuf chunk);

    /** The current frame's payload is complete. */
    void onFrameEnd();
}
