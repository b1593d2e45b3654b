package dev.parley.websocket.internal;

import dev.parley.websocket.CloseCodes;
import dev.parley.websocket.WebSocketProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * The receiving rules of RFC 6455 §5 and RFC 7692 §6, applied to the frames a {@link FrameReader} parses,
 * and the reassembly of fragmented messages. Every violation throws {@link WebSocketProtocolException}
 * with its close code, at the earliest byte that reveals it: limits and bit rules at the frame header,
 * invalid UTF-8 at the first bad byte, also across fragments and inside compressed data.
 *
 * <p>Fragments are appended to one growing buffer (amortised linear, never a copy of the whole message
 * per fragment); a message in one frame whose payload arrives in one chunk is passed on without a copy.
 * Not thread-safe; used on one event loop. Call {@link #release()} when the connection ends.
 */
public final class FrameRules implements FrameListener {
    private final ByteBufAllocator alloc;
    private final MessageListener listener;
    private final long maxFrameSize;
    private final long maxMessageSize;
    private final MessageInflater inflater;
    private final Utf8Validator utf8 = new Utf8Validator();
    /** Created with the first control frame: most idle connections never see one (pings are usually ours). */
    private byte[] control;

    // State of the current frame.
    private int frameOpcode;
    private boolean frameFin;
    private long frameLength;
    private int controlLength;

    // State of the current (possibly fragmented) data message; messageOpcode 0 means none in progress.
    private int messageOpcode;
    private boolean messageCompressed;
    private long messageWireBytes;
    private ByteBuf message;
    /**
     * A whole text message that came in one chunk, not retained: {@link FrameReader} calls {@link #onFrameEnd}
     * right after the chunk that ends a frame, while its caller still owns the input, so the String is decoded
     * from the input itself (no slice object, no retain and release per message). Null otherwise.
     */
    private ByteBuf wholeText;

    /**
     * @param inflater the permessage-deflate decompressor if the extension was negotiated, else null
     */
    public FrameRules(ByteBufAllocator alloc, MessageListener listener, long maxFrameSize, long maxMessageSize,
            MessageInflater inflater) {
        this.alloc = alloc;
        this.listener = listener;
        this.maxFrameSize = maxFrameSize;
        this.maxMessageSize = maxMessageSize;
        this.inflater = inflater;
    }

    @Override
    public void onFrameStart(boolean fin, int rsv, int opcode, boolean masked, long payloadLength) {
        boolean rsv1 = (rsv & Opcodes.RSV1) != 0;
        if ((rsv & Opcodes.RSV2_RSV3) != 0) {
            throw protocolError("RSV2/RSV3 set without a negotiated extension"); // RFC 6455 §5.2
        }
        if (!Opcodes.isKnown(opcode)) {
            throw protocolError("Reserved opcode " + opcode); // RFC 6455 §5.2
        }
        if (!masked) {
            throw protocolError("Client frame is not masked"); // RFC 6455 §5.1
        }
        frameOpcode = opcode;
        frameFin = fin;
        frameLength = payloadLength;
        if (Opcodes.isControl(opcode)) {
            startControlFrame(fin, rsv1, payloadLength);
        } else {
            startDataFrame(rsv1, opcode, payloadLength);
        }
    }

    private void startControlFrame(boolean fin, boolean rsv1, long payloadLength) {
        if (!fin) {
            throw protocolError("Fragmented control frame"); // RFC 6455 §5.5
        }
        if (payloadLength > Opcodes.MAX_CONTROL_PAYLOAD) {
            throw protocolError("Control frame payload over 125 bytes"); // RFC 6455 §5.5
        }
        if (rsv1) {
            throw protocolError("RSV1 set on a control frame"); // RFC 7692 §6.1
        }
        if (frameOpcode == Opcodes.CLOSE && payloadLength == 1) {
            throw protocolError("Close frame with a one-byte payload"); // RFC 6455 §5.5.1
        }
        controlLength = 0;
        if (control == null) {
            control = new byte[Opcodes.MAX_CONTROL_PAYLOAD];
        }
    }

    private void startDataFrame(boolean rsv1, int opcode, long payloadLength) {
        if (opcode == Opcodes.CONTINUATION) {
            if (messageOpcode == 0) {
                throw protocolError("Continuation frame without a message to continue"); // RFC 6455 §5.4
            }
            if (rsv1) {
                throw protocolError("RSV1 set on a continuation frame"); // RFC 7692 §6.1
            }
        } else {
            if (messageOpcode != 0) {
                throw protocolError("New data frame inside a fragmented message"); // RFC 6455 §5.4
            }
            if (rsv1 && inflater == null) {
                throw protocolError("RSV1 set without permessage-deflate"); // RFC 6455 §5.2
            }
            messageOpcode = opcode;
            messageCompressed = rsv1;
            messageWireBytes = 0;
        }
        if (payloadLength > frameLimit()) {
            throw new WebSocketProtocolException(CloseCodes.MESSAGE_TOO_BIG,
                    "Frame of " + payloadLength + " bytes exceeds the limit of " + maxFrameSize);
        }
        messageWireBytes += payloadLength;
        // Uncompressed, the message size is known from the headers; compressed, it is checked while inflating.
        if (!messageCompressed && messageWireBytes > maxMessageSize) {
            throw new WebSocketProtocolException(CloseCodes.MESSAGE_TOO_BIG,
                    "Message exceeds the limit of " + maxMessageSize + " bytes");
        }
    }

    /**
     * The frame limit applies to wire bytes. Incompressible data grows a little when deflated (stored
     * blocks add 5 bytes per 64 KB), so a compressed frame may exceed the limit by that worst case: any
     * message within the limits can then be sent compressed too. Its inflated size is bounded separately.
     */
    private long frameLimit() {
        return messageCompressed ? maxFrameSize + (maxFrameSize >> 12) + 64 : maxFrameSize;
    }

    @Override
    public void onPayload(ByteBuf chunk) {
        if (Opcodes.isControl(frameOpcode)) {
            int length = chunk.readableBytes();
            chunk.getBytes(chunk.readerIndex(), control, controlLength, length);
            controlLength += length;
            return;
        }
        if (messageCompressed) {
            ensureMessageBuffer(chunk.readableBytes());
            int start = inflater.inflate(chunk, message, maxMessageSize);
            validateText(message, start, message.writerIndex() - start);
            return;
        }
        validateText(chunk, chunk.readerIndex(), chunk.readableBytes());
        if (message == null && frameFin && chunk.readableBytes() == frameLength) {
            // The whole message in one chunk: hand it on without a copy (a binary one is kept by the listener).
            if (messageOpcode == Opcodes.TEXT) {
                wholeText = chunk;
            } else {
                message = chunk.retainedSlice();
            }
            return;
        }
        ensureMessageBuffer(chunk.readableBytes());
        message.writeBytes(chunk);
    }

    @Override
    public void onFrameEnd() {
        if (Opcodes.isControl(frameOpcode)) {
            endControlFrame();
        } else if (frameFin) {
            endMessage();
        }
    }

    /** Releases a partly assembled message and the inflater; call once when the connection ends. */
    public void release() {
        wholeText = null;
        if (message != null) {
            message.release();
            message = null;
        }
        if (inflater != null) {
            inflater.release();
        }
    }

    private void endMessage() {
        if (messageCompressed) {
            ensureMessageBuffer(0);
            int start = inflater.finishMessage(message, maxMessageSize);
            validateText(message, start, message.writerIndex() - start);
        }
        boolean text = messageOpcode == Opcodes.TEXT;
        if (text && !utf8.isComplete()) {
            throw new WebSocketProtocolException(CloseCodes.INVALID_PAYLOAD, "Text message ends inside a UTF-8 sequence");
        }
        ByteBuf owned = message;
        ByteBuf unowned = wholeText;
        message = null;
        wholeText = null;
        messageOpcode = 0;
        utf8.reset();
        if (text) {
            try {
                ByteBuf source = owned != null ? owned : unowned;
                listener.onText(source == null ? "" : text(source));
            } finally {
                if (owned != null) {
                    owned.release();
                }
            }
        } else {
            listener.onBinary(owned != null ? owned : alloc.buffer(0));
        }
    }

    /**
     * One-character ASCII messages, the commonest being Engine.IO's pong {@code "3"} (one per connection every
     * 25 s), come from this table: no {@code String} or array per such message.
     */
    private static final String[] ASCII = new String[0x80];

    static {
        for (int c = 0; c < ASCII.length; c++) {
            ASCII[c] = String.valueOf((char) c).intern();
        }
    }

    private static String text(ByteBuf complete) {
        if (complete.readableBytes() == 1) {
            byte b = complete.getByte(complete.readerIndex());
            if (b >= 0) {
                return ASCII[b];
            }
        }
        return complete.toString(StandardCharsets.UTF_8);
    }

    private void endControlFrame() {
        ByteBuf payload = Unpooled.wrappedBuffer(control, 0, controlLength);
        switch (frameOpcode) {
            case Opcodes.PING -> listener.onPing(payload);
            case Opcodes.PONG -> listener.onPong(payload);
            default -> endCloseFrame(payload);
        }
    }

    private void endCloseFrame(ByteBuf payload) {
        if (controlLength == 0) {
            listener.onClose(CloseCodes.NO_STATUS_RECEIVED, "");
            return;
        }
        int code = payload.getUnsignedShort(0);
        if (!CloseCodes.isValidReceived(code)) {
            throw protocolError("Invalid close code " + code); // RFC 6455 §7.4
        }
        if (!Utf8Validator.isValid(payload, 2, controlLength - 2)) {
            throw new WebSocketProtocolException(CloseCodes.INVALID_PAYLOAD, "Close reason is not valid UTF-8");
        }
        listener.onClose(code, payload.toString(2, controlLength - 2, StandardCharsets.UTF_8));
    }

    private void validateText(ByteBuf buf, int index, int length) {
        if (messageOpcode == Opcodes.TEXT && !utf8.feed(buf, index, length)) {
            throw new WebSocketProtocolException(CloseCodes.INVALID_PAYLOAD, "Text message is not valid UTF-8");
        }
    }

    private void ensureMessageBuffer(int firstChunk) {
        if (message == null) {
            // Grows by doubling as fragments arrive (ByteBuf.writeBytes), so reassembly stays linear.
            message = alloc.buffer((int) Math.min(Math.max(firstChunk, 256), Math.max(maxMessageSize, 256)));
        }
    }

    private static WebSocketProtocolException protocolError(String reason) {
        return new WebSocketProtocolException(CloseCodes.PROTOCOL_ERROR, reason);
    }
}
