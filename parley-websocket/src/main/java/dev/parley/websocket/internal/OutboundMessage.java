package dev.parley.websocket.internal;

import dev.parley.websocket.spi.SharedFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.AbstractReferenceCounted;
import java.nio.ByteBuffer;

/**
 * A data message on its way to one or many sessions, encoded at most once per form: the plain frame is
 * built on creation (header and payload in one buffer, the text encoded straight into it), the frame
 * compressed without context takeover on first demand. Each target writes a retained duplicate of the
 * shared bytes. Reference-counted: one reference per target, released once the target has its duplicate.
 */
public final class OutboundMessage extends AbstractReferenceCounted implements SharedFrame {
    private static final int MAX_HEADER = 10;

    private final ByteBufAllocator alloc;
    private final int opcode;
    private final ByteBuf frame;
    private final int payloadIndex;
    private final int payloadLength;
    private ByteBuf compressedFrame;
    private ByteBuf literalsOnlyFrame;

    private OutboundMessage(ByteBufAllocator alloc, int opcode, ByteBuf frame, int payloadIndex, int payloadLength) {
        this.alloc = alloc;
        this.opcode = opcode;
        this.frame = frame;
        this.payloadIndex = payloadIndex;
        this.payloadLength = payloadLength;
    }

    /** A text message, UTF-8 encoded once, directly behind its frame header. */
    public static OutboundMessage text(ByteBufAllocator alloc, String text) {
        int length = ByteBufUtil.utf8Bytes(text);
        ByteBuf frame = reserveHeader(alloc, length);
        ByteBufUtil.reserveAndWriteUtf8(frame, text, length);
        return finish(alloc, Opcodes.TEXT, frame, length);
    }

    /**
     * A text message of one ASCII character then {@code text}, encoded straight into the frame: how a layer
     * above adds its one-character packet type without building a second {@code String} per message.
     */
    public static OutboundMessage text(ByteBufAllocator alloc, char asciiPrefix, String text) {
        if (asciiPrefix > 0x7f) {
            throw new IllegalArgumentException("not ASCII: " + (int) asciiPrefix);
        }
        int textLength = ByteBufUtil.utf8Bytes(text);
        ByteBuf frame = reserveHeader(alloc, 1 + textLength);
        frame.writeByte(asciiPrefix);
        ByteBufUtil.reserveAndWriteUtf8(frame, text, textLength);
        return finish(alloc, Opcodes.TEXT, frame, 1 + textLength);
    }

    /** A binary message; the remaining bytes of {@code data} are copied once, behind the header. */
    public static OutboundMessage binary(ByteBufAllocator alloc, ByteBuffer data) {
        int length = data.remaining();
        ByteBuf frame = reserveHeader(alloc, length);
        frame.writeBytes(data.duplicate());
        return finish(alloc, Opcodes.BINARY, frame, length);
    }

    private static ByteBuf reserveHeader(ByteBufAllocator alloc, int length) {
        ByteBuf frame = alloc.buffer(MAX_HEADER + length);
        frame.writerIndex(MAX_HEADER);
        return frame;
    }

    /** Writes the header just before the payload, then starts the frame there: no second copy. */
    private static OutboundMessage finish(ByteBufAllocator alloc, int opcode, ByteBuf frame, int length) {
        int headerLength = FrameWriter.headerLength(length, false);
        int start = MAX_HEADER - headerLength;
        int end = frame.writerIndex();
        frame.writerIndex(start);
        FrameWriter.writeHeader(frame, true, 0, opcode, length, null);
        frame.writerIndex(end).readerIndex(start);
        return new OutboundMessage(alloc, opcode, frame, MAX_HEADER, length);
    }

    public int opcode() {
        return opcode;
    }

    /** Application bytes, counted by {@code bufferedAmount}. */
    public int payloadLength() {
        return payloadLength;
    }

    /** The uncompressed payload, for a session that compresses with its own context. Do not release. */
    public ByteBuf payload() {
        return frame.slice(payloadIndex, payloadLength);
    }

    /** A new reference to the uncompressed frame. */
    public ByteBuf plainFrame() {
        return frame.retainedDuplicate();
    }

    /**
     * A new reference to the frame compressed without context (RFC 7692 §7.1.1.1), valid for every
     * session whose server side does not take over context; {@code literalsOnly} for sessions whose
     * client limited our window (see {@link DeflateParameters#literalsOnly()}). Each form is computed
     * once, under a lock, since sessions on different event loops may ask at the same time.
     */
    public synchronized ByteBuf compressedFrame(int level, boolean literalsOnly) {
        if (literalsOnly) {
            if (literalsOnlyFrame == null) {
                literalsOnlyFrame = compress(level, true);
            }
            return literalsOnlyFrame.retainedDuplicate();
        }
        if (compressedFrame == null) {
            compressedFrame = compress(level, false);
        }
        return compressedFrame.retainedDuplicate();
    }

    private ByteBuf compress(int level, boolean literalsOnly) {
        ByteBuf compressed = new MessageDeflater(level, true, literalsOnly).compress(alloc, payload());
        return FrameWriter.encode(alloc, true, Opcodes.RSV1, opcode, compressed);
    }

    @Override
    protected synchronized void deallocate() {
        frame.release();
        if (compressedFrame != null) {
            compressedFrame.release();
        }
        if (literalsOnlyFrame != null) {
            literalsOnlyFrame.release();
        }
    }

    @Override
    public OutboundMessage retain() {
        super.retain();
        return this;
    }

    @Override
    public OutboundMessage touch(Object hint) {
        return this;
    }
}
