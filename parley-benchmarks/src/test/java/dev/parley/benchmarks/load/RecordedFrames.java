package dev.parley.benchmarks.load;

import dev.parley.websocket.internal.FrameListener;
import dev.parley.websocket.internal.FrameReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: parses the frames a client wrote, with Parley's own {@link FrameReader}, into lines
 * {@code <opcode> <masked|unmasked> <payload as ISO-8859-1>}.
 */
final class RecordedFrames implements FrameListener {
    private final List<String> frames = new ArrayList<>();
    private int opcode;
    private boolean masked;
    private final StringBuilder payload = new StringBuilder();

    static List<String> parse(byte[] bytes) {
        RecordedFrames recorder = new RecordedFrames();
        new FrameReader(recorder).read(Unpooled.wrappedBuffer(bytes));
        return recorder.frames;
    }

    /** Drains every outbound buffer, releasing it, and parses the frames. */
    static List<String> parse(List<ByteBuf> buffers) {
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b : buffers) {
            all.writeBytes(b);
            b.release();
        }
        return parse(ByteBufUtil.getBytes(all));
    }

    @Override
    public void onFrameStart(boolean fin, int rsv, int opcode, boolean masked, long payloadLength) {
        this.opcode = opcode;
        this.masked = masked;
        payload.setLength(0);
    }

    @Override
    public void onPayload(ByteBuf chunk) {
        payload.append(chunk.toString(StandardCharsets.ISO_8859_1));
    }

    @Override
    public void onFrameEnd() {
        frames.add(opcode + (masked ? " masked " : " unmasked ") + payload);
    }
}
