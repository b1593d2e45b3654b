package dev.parley.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * The chunked transfer coding of a streamed body (RFC 9112 §7.1): each piece is {@code size-in-hex CRLF data
 * CRLF}; {@code 0 CRLF CRLF} ends the body (no trailers). The data itself is written as it is, not copied.
 */
final class ChunkFraming {
    /** The CRLF after a chunk's data (RFC 9112 §7.1). Unreleasable: write a duplicate. */
    private static final ByteBuf CRLF = constant("\r\n");
    /** The last chunk and the empty trailer section (RFC 9112 §7.1). */
    private static final ByteBuf LAST_CHUNK = constant("0\r\n\r\n");

    private ChunkFraming() {
    }

    /** The chunk-size line of a chunk of {@code length} bytes. */
    static ByteBuf header(ByteBufAllocator alloc, int length) {
        String hex = Integer.toHexString(length);
        ByteBuf header = alloc.buffer(hex.length() + 2);
        ByteBufUtil.writeAscii(header, hex);
        header.writeShort(('\r' << 8) | '\n');
        return header;
    }

    static ByteBuf crlf() {
        return CRLF.duplicate();
    }

    static ByteBuf lastChunk() {
        return LAST_CHUNK.duplicate();
    }

    private static ByteBuf constant(String text) {
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.US_ASCII))
                .asReadOnly());
    }
}
