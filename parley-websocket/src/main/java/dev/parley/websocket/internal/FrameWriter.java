package dev.parley.websocket.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Encodes frames (RFC 6455 §5.2). Servers send unmasked frames (§5.1); a mask key can be given for the
 * client side of tests and the load generator. Writes only: no state, no channel.
 */
public final class FrameWriter {
    /** Payloads up to this size are copied behind the header; larger ones are referenced, not copied. */
    private static final int COPY_THRESHOLD = 1024;

    private FrameWriter() {
    }

    /** Number of header bytes for a payload of {@code length} bytes. */
    public static int headerLength(long length, boolean masked) {
        int base = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        return masked ? base + 4 : base;
    }

    /** Writes a frame header. {@code rsv} holds the RSV bits in place (e.g. {@link Opcodes#RSV1}). */
    public static void writeHeader(ByteBuf out, boolean fin, int rsv, int opcode, long length, Integer maskKey) {
        out.writeByte((fin ? Opcodes.FIN : 0) | rsv | opcode);
        int maskBit = maskKey != null ? Opcodes.MASK : 0;
        if (length < 126) {
            out.writeByte(maskBit | (int) length);
        } else if (length <= 0xFFFF) {
            out.writeByte(maskBit | 126);
            out.writeShort((int) length);
        } else {
            out.writeByte(maskBit | 127);
            out.writeLong(length);
        }
        if (maskKey != null) {
            out.writeInt(maskKey);
        }
    }

    /**
     * Encodes one unmasked frame around {@code payload}, taking ownership of it: the result is a single
     * buffer that can be written once, or shared with {@code retainedDuplicate()} for a broadcast.
     */
    public static ByteBuf encode(ByteBufAllocator alloc, boolean fin, int rsv, int opcode, ByteBuf payload) {
        int length = payload.readableBytes();
        int headerLength = headerLength(length, false);
        if (length <= COPY_THRESHOLD) {
            try {
                ByteBuf frame = alloc.buffer(headerLength + length);
                writeHeader(frame, fin, rsv, opcode, length, null);
                frame.writeBytes(payload, payload.readerIndex(), length);
                return frame;
            } finally {
                payload.release();
            }
        }
        ByteBuf header = alloc.buffer(headerLength);
        writeHeader(header, fin, rsv, opcode, length, null);
        return alloc.compositeBuffer(2).addComponents(true, header, payload);
    }

    /** Encodes a masked client frame (tests and the load generator); takes ownership of {@code payload}. */
    public static ByteBuf encodeMasked(ByteBufAllocator alloc, boolean fin, int rsv, int opcode, ByteBuf payload,
            int maskKey) {
        try {
            int length = payload.readableBytes();
            ByteBuf frame = alloc.buffer(headerLength(length, true) + length);
            writeHeader(frame, fin, rsv, opcode, length, maskKey);
            int start = frame.writerIndex();
            frame.writeBytes(payload, payload.readerIndex(), length);
            Masking.apply(frame, start, length, maskKey, 0);
            return frame;
        } finally {
            payload.release();
        }
    }
}
