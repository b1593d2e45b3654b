package dev.parley.websocket.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Builds masked client frames for tests, with masks from a seeded source. */
final class ClientFrames {
    private final Random random = new Random(6455);

    byte[] frame(boolean fin, int rsv, int opcode, byte[] payload) {
        ByteBuf frame = FrameWriter.encodeMasked(ByteBufAllocator.DEFAULT, fin, rsv, opcode, Unpooled.wrappedBuffer(payload),
                random.nextInt());
        try {
            return Bytes.toArray(frame);
        } finally {
            frame.release();
        }
    }

    byte[] text(String text) {
        return frame(true, 0, Opcodes.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    byte[] binary(byte[] data) {
        return frame(true, 0, Opcodes.BINARY, data);
    }

    byte[] close(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + r.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(r, 0, payload, 2, r.length);
        return frame(true, 0, Opcodes.CLOSE, payload);
    }

    /** An unmasked frame, as a (broken) client might send it. */
    static byte[] unmasked(boolean fin, int opcode, byte[] payload) {
        ByteBuf out = Unpooled.buffer();
        FrameWriter.writeHeader(out, fin, 0, opcode, payload.length, null);
        out.writeBytes(payload);
        return Bytes.toArray(out);
    }
}
