package dev.parley.websocket.internal;

import io.netty.buffer.ByteBuf;

/** Small conversions between Netty buffers and plain Java types at the API boundary. */
public final class ByteBufUtils {
    private ByteBufUtils() {
    }

    /** Copies the readable bytes without moving the reader index. */
    public static byte[] toArray(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        return bytes;
    }
}
