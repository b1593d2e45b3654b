package dev.parley.websocket.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Test helpers for byte vectors. */
final class Bytes {
    private Bytes() {
    }

    /** Bytes from ints, so vectors can be copied from the RFCs as written ({@code 0x81, 0x05, ...}). */
    static byte[] of(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }

    static byte[] toArray(ByteBuf buf) {
        byte[] out = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), out);
        return out;
    }

    static ByteBuf buf(byte[] bytes) {
        return Unpooled.wrappedBuffer(bytes.clone());
    }
}
