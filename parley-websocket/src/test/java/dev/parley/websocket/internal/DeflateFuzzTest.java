package dev.parley.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.testkit.FuzzLeaks;
import dev.parley.websocket.WebSocketProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Fuzzes the permessage-deflate path (RFC 7692): {@link MessageDeflater} -> {@link MessageInflater} round
 * trips of random messages with and without context takeover, arbitrary bytes and inflation bombs into
 * the inflater (only 1007 or 1009, and never more than one byte past the inflation bound), and
 * compressed messages through {@link FrameReader} + {@link FrameRules}. See docs/fuzzing.md.
 */
class DeflateFuzzTest {
    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    private static final FuzzLeaks LEAKS = new FuzzLeaks(5_000);

    /** Every message that the deflater compresses inflates to itself, at a limit of exactly its size. */
    @FuzzTest(maxDuration = "5m")
    void roundTrip(FuzzedDataProvider data) {
        boolean noContextTakeover = data.consumeBoolean();
        MessageDeflater deflater = new MessageDeflater(data.consumeInt(Deflater.NO_COMPRESSION, Deflater.BEST_COMPRESSION),
                noContextTakeover, data.consumeBoolean());
        MessageInflater inflater = new MessageInflater(noContextTakeover);
        try {
            int messages = data.consumeInt(1, 6);
            for (int i = 0; i < messages; i++) {
                byte[] message = message(data);
                byte[] compressed = compress(deflater, message);
                ByteBuf out = ALLOC.buffer();
                try {
                    inflate(inflater, compressed, FrameRulesFuzzTest.chunkSizes(data, compressed.length), out, message.length);
                    assertThat(Bytes.toArray(out)).isEqualTo(message);
                } finally {
                    out.release();
                }
            }
        } finally {
            deflater.release();
            inflater.release();
        }
        LEAKS.checkEvery();
    }

    /** Arbitrary bytes, or a bomb, into the inflater: only 1007/1009, and the output stays within the bound. */
    @FuzzTest(maxDuration = "5m")
    void arbitraryInflate(FuzzedDataProvider data) {
        MessageInflater inflater = new MessageInflater(data.consumeBoolean());
        long limit = data.consumeLong(0, 4096);
        try {
            int messages = data.consumeInt(1, 4);
            for (int i = 0; i < messages; i++) {
                byte[] input;
                if (data.consumeProbabilityFloat() < 0.2f) {
                    MessageDeflater bomb = new MessageDeflater(9, true, false);
                    input = compress(bomb, new byte[data.consumeInt(0, 1 << 20)]);
                    bomb.release();
                } else {
                    input = data.consumeBytes(data.consumeInt(0, 512));
                }
                ByteBuf out = ALLOC.buffer();
                try {
                    inflate(inflater, input, FrameRulesFuzzTest.chunkSizes(data, input.length), out, limit);
                } catch (WebSocketProtocolException e) {
                    assertThat(e.closeCode()).as(e.getMessage()).isIn(1007, 1009);
                    assertThat((long) out.writerIndex()).isLessThanOrEqualTo(limit + 1);
                    return; // the connection fails: nothing more is inflated
                } finally {
                    out.release();
                }
            }
        } finally {
            inflater.release();
        }
        LEAKS.checkEvery();
    }

    /** Compressed messages, fragmented and chunked, through the reader and rules; maybe one byte flipped. */
    @FuzzTest(maxDuration = "5m")
    void compressedFrames(FuzzedDataProvider data) {
        boolean noContextTakeover = data.consumeBoolean();
        MessageDeflater deflater = new MessageDeflater(data.consumeInt(1, 9), noContextTakeover, data.consumeBoolean());
        long maxMessageSize = data.consumeLong(0, 2048);
        List<String> expected = new ArrayList<>();
        ClientWire wire = new ClientWire();
        try {
            int messages = data.consumeInt(1, 4);
            for (int i = 0; i < messages; i++) {
                boolean text = data.consumeBoolean();
                byte[] message = text ? data.consumeString(300).getBytes(StandardCharsets.UTF_8) : message(data);
                byte[] compressed = compress(deflater, message);
                wire.fragmented(text ? Opcodes.TEXT : Opcodes.BINARY, compressed, data);
                expected.add(message.length > maxMessageSize ? "1009"
                        : text ? "text " + new String(message, StandardCharsets.UTF_8) : "binary " + ReferenceFrameModel.hex(message));
            }
        } finally {
            deflater.release();
        }
        byte[] bytes = wire.bytes();
        boolean flipped = bytes.length > 0 && data.consumeProbabilityFloat() < 0.3f;
        if (flipped) {
            bytes[data.consumeInt(0, bytes.length - 1)] ^= (byte) data.consumeInt(1, 255);
        }
        ReferenceFrameModel.Outcome outcome = runCompressed(bytes, FrameRulesFuzzTest.chunkSizes(data, bytes.length),
                maxMessageSize, noContextTakeover);
        if (outcome.failure() != 0) {
            assertThat(outcome.failure()).isIn(1002, 1007, 1009);
        }
        if (!flipped) {
            List<String> actual = new ArrayList<>(outcome.events());
            if (outcome.failure() != 0) {
                actual.add(String.valueOf(outcome.failure()));
            }
            int firstTooBig = expected.indexOf("1009");
            assertThat(actual).isEqualTo(firstTooBig < 0 ? expected : expected.subList(0, firstTooBig + 1));
        }
        LEAKS.checkEvery();
    }

    private static ReferenceFrameModel.Outcome runCompressed(byte[] wire, List<Integer> cuts, long maxMessageSize,
            boolean noContextTakeover) {
        List<String> events = new ArrayList<>();
        FrameRules rules = new FrameRules(ALLOC, new MessageListener() {
            @Override
            public void onText(String text) {
                events.add("text " + text);
            }

            @Override
            public void onBinary(ByteBuf message) {
                try {
                    events.add("binary " + ReferenceFrameModel.hex(Bytes.toArray(message)));
                } finally {
                    message.release();
                }
            }

            @Override
            public void onPing(ByteBuf payload) {
                events.add("ping");
            }

            @Override
            public void onPong(ByteBuf payload) {
                events.add("pong");
            }

            @Override
            public void onClose(int code, String reason) {
                events.add("close " + code);
            }
        }, 1 << 20, maxMessageSize, new MessageInflater(noContextTakeover));
        FrameReader reader = new FrameReader(rules);
        int pos = 0;
        int failure = 0;
        try {
            for (int size : cuts) {
                ByteBuf chunk = ALLOC.directBuffer(size).writeBytes(wire, pos, size);
                pos += size;
                try {
                    reader.read(chunk);
                } finally {
                    chunk.release();
                }
            }
        } catch (WebSocketProtocolException e) {
            failure = e.closeCode();
        } finally {
            rules.release();
        }
        return new ReferenceFrameModel.Outcome(events, failure);
    }

    private static void inflate(MessageInflater inflater, byte[] compressed, List<Integer> cuts, ByteBuf out, long limit) {
        int pos = 0;
        for (int size : cuts) {
            ByteBuf chunk = ALLOC.directBuffer(size).writeBytes(compressed, pos, size);
            pos += size;
            try {
                inflater.inflate(chunk, out, limit);
            } finally {
                chunk.release();
            }
            assertThat((long) out.writerIndex()).isLessThanOrEqualTo(limit);
        }
        inflater.finishMessage(out, limit);
        assertThat((long) out.writerIndex()).isLessThanOrEqualTo(limit);
    }

    private static byte[] compress(MessageDeflater deflater, byte[] message) {
        ByteBuf payload = ALLOC.buffer(message.length).writeBytes(message);
        try {
            ByteBuf compressed = deflater.compress(ALLOC, payload);
            try {
                return Bytes.toArray(compressed);
            } finally {
                compressed.release();
            }
        } finally {
            payload.release();
        }
    }

    /** Random bytes, text, or long repetitive runs that compress well. */
    private static byte[] message(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 2)) {
            case 0 -> data.consumeBytes(data.consumeInt(0, 2000));
            case 1 -> data.consumeString(500).getBytes(StandardCharsets.UTF_8);
            default -> {
                byte[] unit = data.consumeBytes(data.consumeInt(1, 8));
                byte[] out = new byte[data.consumeInt(0, 40_000)];
                for (int i = 0; i < out.length && unit.length > 0; i++) {
                    out[i] = unit[i % unit.length];
                }
                yield out;
            }
        };
    }

    /** Masked client frames of compressed messages: RSV1 on the first fragment only (RFC 7692 §6.1). */
    private static final class ClientWire {
        private final ClientFrames frames = new ClientFrames();
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        void fragmented(int opcode, byte[] compressed, FuzzedDataProvider data) {
            int pos = 0;
            boolean first = true;
            do {
                int size = Math.min(compressed.length - pos, data.consumeBoolean() ? compressed.length : data.consumeInt(1, 64));
                byte[] part = Arrays.copyOfRange(compressed, pos, pos + size);
                pos += size;
                out.writeBytes(frames.frame(pos == compressed.length, first ? Opcodes.RSV1 : 0,
                        first ? opcode : Opcodes.CONTINUATION, part));
                first = false;
            } while (pos < compressed.length);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
