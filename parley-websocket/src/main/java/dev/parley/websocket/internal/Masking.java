package dev.parley.websocket.internal;

import io.netty.buffer.ByteBuf;

/**
 * The XOR masking of RFC 6455 §5.3, applied in place eight bytes at a time: the four-byte key is
 * repeated into a long, rotated to the position where the region starts.
 */
public final class Masking {
    private Masking() {
    }

    /**
     * Masks or unmasks (the operation is its own inverse) {@code length} bytes of {@code buf} from
     * {@code index}, which sit at {@code payloadOffset} bytes from the start of the frame's payload.
     *
     * @param maskKey the key as a big-endian int: its first byte applies to payload byte 0
     */
    public static void apply(ByteBuf buf, int index, int length, int maskKey, long payloadOffset) {
        int shift = (int) (payloadOffset & 3) * 8;
        int key = shift == 0 ? maskKey : Integer.rotateLeft(maskKey, shift);
        long key8 = ((long) key << 32) | (key & 0xFFFFFFFFL);
        int i = index;
        int end = index + length;
        // ByteBuf.getLong is big-endian, matching the key's byte order.
        while (i + 8 <= end) {
            buf.setLong(i, buf.getLong(i) ^ key8);
            i += 8;
        }
        int keyByteIndex = 0;
        while (i < end) {
            int keyByte = (key >>> (24 - 8 * (keyByteIndex & 3))) & 0xFF;
            buf.setByte(i, buf.getByte(i) ^ keyByte);
            i++;
            keyByteIndex++;
        }
    }
}
