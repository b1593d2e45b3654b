package dev.parley.websocket.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * Compresses outgoing messages for permessage-deflate (RFC 7692 §7.2.1): raw DEFLATE, flushed with
 * SYNC_FLUSH, and the trailing {@code 00 00 FF FF} removed.
 *
 * <p>With context takeover the zlib state (about 256 KB native memory at the default level) lives as
 * long as the connection; without it ({@code server_no_context_takeover}) the state is freed after each
 * message, so an idle connection costs nothing. When the client limited our window
 * ({@code server_max_window_bits} below 15), messages are Huffman-coded literals only (zlib's
 * {@code HUFFMAN_ONLY} strategy): no back-reference, hence no window, at some cost in ratio.
 * Not thread-safe; used on the connection's event loop.
 */
public final class MessageDeflater {
    private static final int TAIL_LENGTH = 4;

    private final int level;
    private final boolean noContextTakeover;
    private final boolean literalsOnly;
    private Deflater deflater;

    public MessageDeflater(int level, boolean noContextTakeover, boolean literalsOnly) {
        this.level = level;
        this.noContextTakeover = noContextTakeover;
        this.literalsOnly = literalsOnly;
    }

    /** Compresses the readable bytes of {@code payload} (not released) into a new buffer. */
    public ByteBuf compress(ByteBufAllocator alloc, ByteBuf payload) {
        if (!payload.isReadable()) {
            // zlib writes nothing for a flush without new input, so there would be no tail to remove.
            // A lone 0x00 is an empty message: with the tail the receiver appends, it reads as an empty
            // non-final stored block (the byte of RFC 7692 §7.2.3.6), valid with or without context takeover.
            return alloc.buffer(1).writeByte(0);
        }
        if (deflater == null) {
            deflater = new Deflater(level, true);
            if (literalsOnly) {
                deflater.setStrategy(Deflater.HUFFMAN_ONLY);
            }
        }
        ByteBuffer input = payload.nioBufferCount() == 1
                ? payload.nioBuffer()
                : ByteBuffer.wrap(ByteBufUtils.toArray(payload));
        deflater.setInput(input);
        ByteBuf out = alloc.buffer(Math.max(64, payload.readableBytes() / 2 + 16));
        try {
            while (true) {
                out.ensureWritable(Math.max(256, out.writableBytes()));
                ByteBuffer target = out.nioBuffer(out.writerIndex(), out.writableBytes());
                int written = deflater.deflate(target, Deflater.SYNC_FLUSH);
                out.writerIndex(out.writerIndex() + written);
                // SYNC_FLUSH is complete when it did not fill the space it was given.
                if (written < target.capacity() && deflater.needsInput()) {
                    break;
                }
            }
            // RFC 7692 §7.2.1: remove the 4 octets 00 00 FF FF at the tail end.
            out.writerIndex(out.writerIndex() - TAIL_LENGTH);
            if (noContextTakeover) {
                release();
            }
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /** Frees the native zlib state; safe to call more than once. */
    public void release() {
        if (deflater != null) {
            deflater.end();
            deflater = null;
        }
    }
}
