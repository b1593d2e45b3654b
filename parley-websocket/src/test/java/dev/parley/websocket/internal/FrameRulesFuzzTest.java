package dev.parley.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.testkit.FuzzLeaks;
import dev.parley.websocket.WebSocketProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Fuzzes {@link FrameReader} + {@link FrameRules} (no extension) against {@link ReferenceFrameModel}:
 * random frames (any opcode, RSV bits, masked or not, minimal or non-minimal lengths, close codes
 * 0-65535, valid and invalid UTF-8, fragments with control frames between them, trailing garbage), cut
 * at random chunk boundaries. The events must equal the model's; a failure must be a
 * {@link WebSocketProtocolException} with the model's close code; any other exception fails the test,
 * and so does a leaked buffer. See docs/fuzzing.md.
 */
class FrameRulesFuzzTest {
    /** The close codes that a protocol failure of the read path may carry (RFC 6455 §7.4.1). */
    private static final Set<Integer> FAILURE_CODES = Set.of(1002, 1007, 1009);
    private static final FuzzLeaks LEAKS = new FuzzLeaks(5_000);

    @FuzzTest(maxDuration = "5m")
    void frames(FuzzedDataProvider data) {
        long maxFrameSize = data.consumeLong(0, 300);
        long maxMessageSize = data.consumeLong(0, 600);
        byte[] wire = generateFrames(data);
        List<Integer> cuts = chunkSizes(data, wire.length);

        ReferenceFrameModel.Outcome expected = new ReferenceFrameModel(maxFrameSize, maxMessageSize).run(wire);
        ReferenceFrameModel.Outcome actual = runParley(wire, cuts, maxFrameSize, maxMessageSize);

        assertThat(actual).isEqualTo(expected);
        LEAKS.checkEvery();
    }

    /** Runs the real reader and rules over the chunks, as WebSocketConnection does. */
    static ReferenceFrameModel.Outcome runParley(byte[] wire, List<Integer> cuts, long maxFrameSize, long maxMessageSize) {
        ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        List<String> events = new ArrayList<>();
        FrameReader[] reader = new FrameReader[1];
        FrameRules rules = new FrameRules(alloc, new MessageListener() {
            @Override
            public void onText(String text) {
                events.add("text " + text);
            }

            @Override
            public void onBinary(ByteBuf message) {
                try {
                    events.add("binary " + ReferenceFrameModel.hex(Bytes.toArray(message.duplicate())));
                } finally {
                    message.release();
                }
            }

            @Override
            public void onPing(ByteBuf payload) {
                events.add("ping " + ReferenceFrameModel.hex(Bytes.toArray(payload.duplicate())));
            }

            @Override
            public void onPong(ByteBuf payload) {
                events.add("pong " + ReferenceFrameModel.hex(Bytes.toArray(payload.duplicate())));
            }

            @Override
            public void onClose(int code, String reason) {
                events.add("close " + code + " " + reason);
                reader[0].stop(); // WebSocketConnection reads nothing after a close frame
            }
        }, maxFrameSize, maxMessageSize, null);
        reader[0] = new FrameReader(rules);
        int failure = 0;
        int pos = 0;
        try {
            for (int size : cuts) {
                ByteBuf chunk = alloc.directBuffer(size).writeBytes(wire, pos, size);
                pos += size;
                try {
                    reader[0].read(chunk);
                } finally {
                    chunk.release();
                }
            }
        } catch (WebSocketProtocolException e) {
            failure = e.closeCode();
            assertThat(FAILURE_CODES).as("close code of " + e.getMessage()).contains(failure);
        } finally {
            rules.release();
        }
        return new ReferenceFrameModel.Outcome(List.copyOf(events), failure);
    }

    /** Sizes of the TCP chunks that deliver {@code length} bytes. */
    static List<Integer> chunkSizes(FuzzedDataProvider data, int length) {
        List<Integer> sizes = new ArrayList<>();
        int left = length;
        boolean whole = data.consumeBoolean();
        while (left > 0) {
            int size = whole ? left : Math.min(left, data.consumeInt(1, 40));
            sizes.add(size);
            left -= size;
        }
        return sizes;
    }

    private static byte[] generateFrames(FuzzedDataProvider data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int frames = data.consumeInt(0, 8);
        for (int i = 0; i < frames && data.remainingBytes() > 0; i++) {
            writeFrame(out, data);
        }
        if (data.consumeBoolean()) {
            out.writeBytes(data.consumeBytes(data.consumeInt(0, 16))); // garbage, or a truncated frame
        }
        return out.toByteArray();
    }

    private static void writeFrame(ByteArrayOutputStream out, FuzzedDataProvider data) {
        int opcode = data.consumeBoolean() ? data.pickValue(new int[] {0, 1, 2, 8, 9, 10}) : data.consumeInt(0, 15);
        boolean fin = data.consumeProbabilityFloat() < 0.8f;
        int rsv = data.consumeProbabilityFloat() < 0.9f ? 0 : data.consumeInt(0, 7);
        boolean masked = data.consumeProbabilityFloat() < 0.95f;
        byte[] payload = payload(data, opcode);
        int lengthForm = data.consumeInt(0, 9); // 0-7: minimal; 8: 16-bit; 9: 64-bit, maybe non-minimal
        out.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
        int maskBit = masked ? 0x80 : 0;
        long length = payload.length;
        if (lengthForm == 9 || length > 0xFFFF) {
            out.write(maskBit | 127);
            long wireLength = data.consumeProbabilityFloat() < 0.1f ? data.consumeLong() : length;
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (wireLength >>> shift));
            }
        } else if (lengthForm == 8 || length > 125) {
            out.write(maskBit | 126);
            out.write((int) (length >>> 8));
            out.write((int) length);
        } else {
            out.write(maskBit | (int) length);
        }
        if (masked) {
            byte[] key = data.consumeBytes(4);
            key = java.util.Arrays.copyOf(key, 4);
            out.writeBytes(key);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= key[i % 4];
            }
        }
        out.writeBytes(payload);
    }

    private static byte[] payload(FuzzedDataProvider data, int opcode) {
        int kind = data.consumeInt(0, 3);
        if (opcode == 8 && kind < 2) {
            int code = kind == 0 ? data.pickValue(new int[] {1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1011, 1014,
                    1015, 1016, 2999, 3000, 4999, 5000}) : data.consumeInt(0, 65535);
            byte[] reason = data.consumeBoolean() ? data.consumeString(40).getBytes(StandardCharsets.UTF_8)
                    : data.consumeBytes(data.consumeInt(0, 40));
            byte[] p = new byte[2 + reason.length];
            p[0] = (byte) (code >> 8);
            p[1] = (byte) code;
            System.arraycopy(reason, 0, p, 2, reason.length);
            return p;
        }
        int max = data.consumeProbabilityFloat() < 0.05f ? 70_000 : 200;
        return switch (kind) {
            case 0, 1 -> data.consumeString(max).getBytes(StandardCharsets.UTF_8);
            case 2 -> data.consumeBytes(data.consumeInt(0, max));
            default -> new byte[data.consumeInt(0, max)];
        };
    }
}
