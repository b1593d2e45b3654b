package dev.parley.websocket.internal;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A frame the server wrote, parsed independently of the production reader (servers never mask). */
record ServerFrame(boolean fin, int rsv, int opcode, byte[] payload) {

    /** Parses every frame in {@code buf} (not released). */
    static List<ServerFrame> parseAll(ByteBuf buf) {
        List<ServerFrame> frames = new ArrayList<>();
        while (buf.isReadable()) {
            int b0 = buf.readUnsignedByte();
            int b1 = buf.readUnsignedByte();
            if ((b1 & 0x80) != 0) {
                throw new AssertionError("Server frames must not be masked (RFC 6455 §5.1)");
            }
            long length = b1 & 0x7F;
            if (length == 126) {
                length = buf.readUnsignedShort();
            } else if (length == 127) {
                length = buf.readLong();
            }
            byte[] payload = new byte[(int) length];
            buf.readBytes(payload);
            frames.add(new ServerFrame((b0 & 0x80) != 0, b0 & 0x70, b0 & 0x0F, payload));
        }
        return frames;
    }

    String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    int closeCode() {
        return payload.length < 2 ? -1 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
    }
}
