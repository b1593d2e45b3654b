package dev.parley.benchmarks.load;

import dev.parley.websocket.CloseCodes;
import dev.parley.websocket.WebSocketProtocolException;
import dev.parley.websocket.internal.FrameListener;
import dev.parley.websocket.internal.Opcodes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * The client's receiving rules over the frames that {@code FrameReader} parses: server frames are
 * unmasked, carry no RSV bit (no extension is negotiated), control frames are short and whole, and data
 * frames are reassembled into messages (RFC 6455 §5.1-§5.5). Each message or control frame goes to the
 * {@link Sink} whole.
 *
 * <p>An unfragmented frame whose payload arrives in one read is handed on as the reader's slice, without a
 * copy: with small echoes that is nearly every message. Others are collected in a buffer of this class.
 * Text is not validated as UTF-8: the generator trusts the server under test, and spends its CPU on load.
 * Not thread-safe; used only on the channel's event loop. {@link #release()} frees the buffers.
 */
final class MessageAssembler implements FrameListener {
    /** Receives whole messages (text, binary) and control frames (ping, pong, close). */
    interface Sink {
        /** The payload is valid only during the call (its buffer is reused): copy what is kept, never release it. */
        void onMessage(int opcode, ByteBuf payload);
    }

    private final Sink sink;
    private final ByteBufAllocator alloc;
    private final long maxMessageSize;

    private int frameOpcode;
    private boolean frameFin;
    private long frameLength;
    private boolean deliveredWhole;
    /** Opcode of the fragmented message in progress, or -1 (RFC 6455 §5.4). */
    private int messageOpcode = -1;
    private long messageLength;
    private ByteBuf message;
    private ByteBuf control;

    MessageAssembler(Sink sink, ByteBufAllocator alloc, long maxMessageSize) {
        this.sink = sink;
        this.alloc = alloc;
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public void onFrameStart(boolean fin, int rsv, int opcode, boolean masked, long payloadLength) {
        // A client MUST close the connection if it detects a masked frame (RFC 6455 §5.1).
        if (masked) {
            throw violation("masked frame from the server");
        }
        // RSV bits MUST be 0 unless an extension defines them; none was negotiated (RFC 6455 §5.2).
        if (rsv != 0) {
            throw violation("RSV bit without an extension");
        }
        if (!Opcodes.isKnown(opcode)) {
            throw violation("reserved opcode " + opcode);
        }
        if (Opcodes.isControl(opcode)) {
            // Control frames MUST have a payload of 125 bytes or less and MUST NOT be fragmented (RFC 6455 §5.5).
            if (!fin || payloadLength > Opcodes.MAX_CONTROL_PAYLOAD) {
                throw violation("fragmented or long control frame");
            }
        } else if (opcode == Opcodes.CONTINUATION) {
            if (messageOpcode < 0) {
                throw violation("continuation frame without a message to continue");
            }
        } else if (messageOpcode >= 0) {
            // Fragments of one message MUST NOT be interleaved with another's (RFC 6455 §5.4).
            throw violation("new data frame inside a fragmented message");
        }
        if (!Opcodes.isControl(opcode)) {
            messageLength += payloadLength;
            if (messageLength > maxMessageSize) {
                throw new WebSocketProtocolException(CloseCodes.MESSAGE_TOO_BIG,
                        "message over " + maxMessageSize + " bytes");
            }
            if (opcode != Opcodes.CONTINUATION && !fin) {
                messageOpcode = opcode;
            }
        }
        frameOpcode = opcode;
        frameFin = fin;
        frameLength = payloadLength;
        deliveredWhole = false;
    }

    @Override
    public void onPayload(ByteBuf chunk) {
        boolean unfragmented = frameFin && frameOpcode != Opcodes.CONTINUATION;
        boolean nothingCollected = Opcodes.isControl(frameOpcode) ? control == null || !control.isReadable()
                : message == null || !message.isReadable();
        if (unfragmented && nothingCollected && chunk.readableBytes() == frameLength) {
            deliveredWhole = true;
            deliver(frameOpcode, chunk);
            return;
        }
        if (Opcodes.isControl(frameOpcode)) {
            if (control == null) {
                control = alloc.heapBuffer(Opcodes.MAX_CONTROL_PAYLOAD);
            }
            control.writeBytes(chunk);
        } else {
            if (message == null) {
                message = alloc.buffer();
            }
            message.writeBytes(chunk);
        }
    }

    @Override
    public void onFrameEnd() {
        if (deliveredWhole) {
            return;
        }
        if (Opcodes.isControl(frameOpcode)) {
            deliver(frameOpcode, control == null ? Unpooled.EMPTY_BUFFER : control);
            if (control != null) {
                control.clear();
            }
        } else if (frameFin) {
            int opcode = frameOpcode == Opcodes.CONTINUATION ? messageOpcode : frameOpcode;
            messageOpcode = -1;
            deliver(opcode, message == null ? Unpooled.EMPTY_BUFFER : message);
            if (message != null) {
                message.clear();
            }
        }
    }

    /** Frees the collection buffers: when the channel closes. */
    void release() {
        if (message != null) {
            message.release();
            message = null;
        }
        if (control != null) {
            control.release();
            control = null;
        }
    }

    private void deliver(int opcode, ByteBuf payload) {
        if (!Opcodes.isControl(opcode)) {
            messageLength = 0;
        }
        sink.onMessage(opcode, payload);
    }

    private static WebSocketProtocolException violation(String reason) {
        return new WebSocketProtocolException(CloseCodes.PROTOCOL_ERROR, reason);
    }
}
