package dev.parley.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.websocket.WebSocketProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameReaderTest {
    /** RFC 6455 §5.7: a single-frame unmasked text message containing "Hello". */
    static final byte[] UNMASKED_HELLO = Bytes.of(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);
    /** RFC 6455 §5.7: a single-frame masked text message containing "Hello". */
    static final byte[] MASKED_HELLO = Bytes.of(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
    /** RFC 6455 §5.7: a fragmented unmasked text message, "Hel" then "lo". */
    static final byte[] FRAGMENTED_HELLO = Bytes.of(0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f);
    /** RFC 6455 §5.7: unmasked ping "Hello". */
    static final byte[] UNMASKED_PING = Bytes.of(0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);
    /** RFC 6455 §5.7: masked pong "Hello". */
    static final byte[] MASKED_PONG = Bytes.of(0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
    /** RFC 6455 §5.7: 256 bytes binary message in a single unmasked frame (header). */
    static final byte[] BINARY_256_HEADER = Bytes.of(0x82, 0x7E, 0x01, 0x00);
    /** RFC 6455 §5.7: 64 KiB binary message in a single unmasked frame (header). */
    static final byte[] BINARY_64K_HEADER = Bytes.of(0x82, 0x7F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00);

    record Frame(boolean fin, int rsv, int opcode, boolean masked, long length, byte[] payload) {
        String text() {
            return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    static final class Recorder implements FrameListener {
        final List<Frame> frames = new ArrayList<>();
        private boolean fin;
        private int rsv;
        private int opcode;
        private boolean masked;
        private long length;
        private ByteArrayOutputStream payload;

        @Override
        public void onFrameStart(boolean fin, int rsv, int opcode, boolean masked, long payloadLength) {
            this.fin = fin;
            this.rsv = rsv;
            this.opcode = opcode;
            this.masked = masked;
            this.length = payloadLength;
            this.payload = new ByteArrayOutputStream();
        }

        @Override
        public void onPayload(ByteBuf chunk) {
            byte[] bytes = new byte[chunk.readableBytes()];
            chunk.getBytes(chunk.readerIndex(), bytes);
            payload.writeBytes(bytes);
        }

        @Override
        public void onFrameEnd() {
            frames.add(new Frame(fin, rsv, opcode, masked, length, payload.toByteArray()));
        }
    }

    /** Feeds the vector whole, then split in two at every byte boundary; each way must give the same frames. */
    static List<List<Frame>> readAllSplits(byte[] wire) {
        List<List<Frame>> results = new ArrayList<>();
        for (int split = 0; split <= wire.length; split++) {
            Recorder recorder = new Recorder();
            FrameReader reader = new FrameReader(recorder);
            ByteBuf first = Unpooled.wrappedBuffer(wire.clone(), 0, split);
            ByteBuf second = Unpooled.wrappedBuffer(wire.clone(), split, wire.length - split);
            reader.read(first);
            reader.read(second);
            assertThat(reader.isAtFrameBoundary()).isTrue();
            results.add(recorder.frames);
        }
        return results;
    }

    @Test
    void unmaskedTextAtEverySplit() {
        for (List<Frame> frames : readAllSplits(UNMASKED_HELLO)) {
            assertThat(frames).hasSize(1);
            Frame f = frames.get(0);
            assertThat(f.fin()).isTrue();
            assertThat(f.opcode()).isEqualTo(Opcodes.TEXT);
            assertThat(f.masked()).isFalse();
            assertThat(f.text()).isEqualTo("Hello");
        }
    }

    @Test
    void maskedTextIsUnmaskedAtEverySplit() {
        for (List<Frame> frames : readAllSplits(MASKED_HELLO)) {
            assertThat(frames).singleElement().satisfies(f -> {
                assertThat(f.masked()).isTrue();
                assertThat(f.text()).isEqualTo("Hello");
            });
        }
    }

    @Test
    void fragmentedTextAtEverySplit() {
        for (List<Frame> frames : readAllSplits(FRAGMENTED_HELLO)) {
            assertThat(frames).hasSize(2);
            assertThat(frames.get(0).fin()).isFalse();
            assertThat(frames.get(0).opcode()).isEqualTo(Opcodes.TEXT);
            assertThat(frames.get(0).text()).isEqualTo("Hel");
            assertThat(frames.get(1).fin()).isTrue();
            assertThat(frames.get(1).opcode()).isEqualTo(Opcodes.CONTINUATION);
            assertThat(frames.get(1).text()).isEqualTo("lo");
        }
    }

    @Test
    void pingAndPongAtEverySplit() {
        for (List<Frame> frames : readAllSplits(Bytes.concat(UNMASKED_PING, MASKED_PONG))) {
            assertThat(frames).extracting(Frame::opcode).containsExactly(Opcodes.PING, Opcodes.PONG);
            assertThat(frames).extracting(Frame::text).containsExactly("Hello", "Hello");
        }
    }

    @Test
    void sixteenAndSixtyFourBitLengths() {
        byte[] data256 = new byte[256];
        byte[] data64k = new byte[65536];
        for (int i = 0; i < data64k.length; i++) {
            data64k[i] = (byte) i;
        }
        System.arraycopy(data64k, 0, data256, 0, 256);
        Recorder recorder = new Recorder();
        FrameReader reader = new FrameReader(recorder);
        reader.read(Unpooled.wrappedBuffer(Bytes.concat(BINARY_256_HEADER, data256, BINARY_64K_HEADER, data64k)));
        assertThat(recorder.frames).hasSize(2);
        assertThat(recorder.frames.get(0).length()).isEqualTo(256);
        assertThat(recorder.frames.get(0).payload()).isEqualTo(data256);
        assertThat(recorder.frames.get(1).length()).isEqualTo(65536);
        assertThat(recorder.frames.get(1).payload()).isEqualTo(data64k);
    }

    @Test
    void maskedFrameSplitAtEveryByteMatchesPayload() {
        byte[] payload = new byte[300];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 7);
        }
        byte[] wire = new ClientFrames().binary(payload);
        for (List<Frame> frames : readAllSplits(wire)) {
            assertThat(frames).singleElement().satisfies(f -> assertThat(f.payload()).isEqualTo(payload));
        }
    }

    @Test
    void zeroLengthFrame() {
        Recorder recorder = new Recorder();
        new FrameReader(recorder).read(Unpooled.wrappedBuffer(Bytes.of(0x81, 0x80, 1, 2, 3, 4)));
        assertThat(recorder.frames).singleElement().satisfies(f -> assertThat(f.payload()).isEmpty());
    }

    @Test
    void rejectsTopBitOf64BitLength() {
        FrameReader reader = new FrameReader(new Recorder());
        assertThatThrownBy(() -> reader.read(Unpooled.wrappedBuffer(
                Bytes.of(0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4))))
                .isInstanceOfSatisfying(WebSocketProtocolException.class, e -> assertThat(e.closeCode()).isEqualTo(1002));
    }

    @Test
    void rejectsNonMinimalLengths() {
        assertThatThrownBy(() -> new FrameReader(new Recorder()).read(Unpooled.wrappedBuffer(Bytes.of(0x82, 0x7E, 0, 5))))
                .isInstanceOfSatisfying(WebSocketProtocolException.class, e -> assertThat(e.closeCode()).isEqualTo(1002));
        assertThatThrownBy(() -> new FrameReader(new Recorder()).read(Unpooled.wrappedBuffer(
                Bytes.of(0x82, 0x7F, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF))))
                .isInstanceOfSatisfying(WebSocketProtocolException.class, e -> assertThat(e.closeCode()).isEqualTo(1002));
    }
}
