package dev.parley.websocket.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.AbstractReferenceCounted;

/**
 * A data message on its way to one or many sessions, encoded at most once per form: the plain frame is
 * built on creation, the frame compressed without context takeover on first demand. Each target writes a
 * retained duplicate of the shared bytes. Reference-counted: one reference per target, released by the
 * target once it has taken its duplicate.
 */
public final class OutboundMessage extends AbstractReferenceCounted {
    private final ByteBufAllocator alloc;
    private final int opcode;
    private final ByteBuf payload;
    private final ByteBuf plainFrame;
    private ByteBuf compressedFrame;

    /** Takes ownership of {@code payload}. */
    public OutboundMessage(ByteBufAllocator alloc, int opcode, ByteBuf payload) {
        this.alloc = alloc;
        this.opcode = opcode;
        this.payload = payload;
        this.plainFrame = FrameWriter.encode(alloc, true, 0, opcode, payload.retainedDuplicate());
    }

    public int opcode() {
        return opcode;
    }

    /** Application bytes, counted by {@code bufferedAmount}. */
    public int payloadLength() {
        return payload.readableBytes();
    }

    /** The uncompressed payload, for a session that compresses with its own context. Do not release. */
    public ByteBuf payload() {
        return payload;
    }

    /** A new reference to the uncompressed frame. */
    public ByteBuf plainFrame() {
        return plainFrame.retainedDuplicate();
    }

    /**
     * A new reference to the frame compressed without context (RFC 7692 §7.1.1.1), valid for every
     * session whose server side does not take over context. Computed once, under a lock, since sessions
     * on different event loops may ask at the same time.
     */
    public synchronized ByteBuf compressedFrame(int level) {
        if (compressedFrame == null) {
            MessageDeflater deflater = new MessageDeflater(level, true);
            ByteBuf compressed = deflater.compress(alloc, payload);
            compressedFrame = FrameWriter.encode(alloc, true, Opcodes.RSV1, opcode, compressed);
        }
        return compressedFrame.retainedDuplicate();
    }

    @Override
    protected synchronized void deallocate() {
        payload.release();
        plainFrame.release();
        if (compressedFrame != null) {
            compressedFrame.release();
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
