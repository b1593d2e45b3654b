package dev.parley.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.websocket.CloseCodes;
import dev.parley.websocket.WebSocketProtocolException;
import dev.parley.websocket.internal.FrameReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageAssemblerTest {
    // RFC 6455 §5.7: a single-frame unmasked text message "Hello".
    static final byte[] UNMASKED_HELLO = {(byte) 0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f};
    // RFC 6455 §5.7: a single-frame masked text message "Hello" (only a client may send it).
    static final byte[] MASKED_HELLO = {(byte) 0x81, (byte) 0x85, 0x37, (byte) 0xfa, 0x21, 0x3d, 0x7f, (byte) 0x9f,
            0x4d, 0x51, 0x58};
    // RFC 6455 §5.7: a fragmented unmasked text message, "Hel" then "lo".
    static final byte[] FRAGMENTED_HELLO = {0x01, 0x03, 0x48, 0x65, 0x6c, (byte) 0x80, 0x02, 0x6c, 0x6f};
    // RFC 6455 §5.7: an unmasked ping with the body "Hello".
    static final byte[] UNMASKED_PING = {(byte) 0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f};
    // RFC 6455 §5.7: the head of a 256-byte binary message in one unmasked frame (16-bit length).
    static final byte[] BINARY_256_HEAD = {(byte) 0x82, 0x7E, 0x01, 0x00};
    // RFC 6455 §5.7: the head of a 64 KiB binary message in one unmasked frame (64-bit length).
    static final byte[] BINARY_64K_HEAD = {(byte) 0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0};

    private final List<String> events = new ArrayList<>();

    @Test
    void textMessageWholeAndSplitAtEveryByte() {
        assertEverySplit(UNMASKED_HELLO, "1 Hello");
    }

    @Test
    void fragmentedMessageWithAPingBetweenItsFragments() {
        byte[] bytes = concat(Arrays.copyOfRange(FRAGMENTED_HELLO, 0, 5), UNMASKED_PING,
                Arrays.copyOfRange(FRAGMENTED_HELLO, 5, FRAGMENTED_HELLO.length));
        assertEverySplit(bytes, "9 Hello", "1 Hello");
    }

    @Test
    void binaryWithSixteenBitLength() {
        byte[] payload256 = new byte[256];
        Arrays.fill(payload256, (byte) 'a');
        assertEverySplit(concat(BINARY_256_HEAD, payload256), "2 " + "a".repeat(256));
    }

    @Test
    void binaryWithSixtyFourBitLength() {
        byte[] payload64k = new byte[65536];
        Arrays.fill(payload64k, (byte) 'b');
        // Every split of the header, then one every 997 bytes of the payload: all 65,547 would copy 4 GB.
        byte[] frame = concat(BINARY_64K_HEAD, payload64k);
        for (int split = 0; split <= frame.length; split += split < 16 ? 1 : 997) {
            assertSplit(frame, split, "2 " + "b".repeat(65536));
        }
    }

    @Test
    void emptyMessageAndEmptyClose() {
        assertEverySplit(new byte[] {(byte) 0x81, 0x00, (byte) 0x88, 0x00}, "1 ", "8 ");
    }

    @Test
    void maskedServerFrameIsAProtocolError() {
        assertViolation(MASKED_HELLO, CloseCodes.PROTOCOL_ERROR);
    }

    @Test
    void continuationWithoutAStartIsAProtocolError() {
        assertViolation(new byte[] {(byte) 0x80, 0x02, 0x6c, 0x6f}, CloseCodes.PROTOCOL_ERROR);
    }

    @Test
    void newMessageInsideAFragmentedOneIsAProtocolError() {
        assertViolation(concat(Arrays.copyOfRange(FRAGMENTED_HELLO, 0, 5), UNMASKED_HELLO), CloseCodes.PROTOCOL_ERROR);
    }

    @Test
    void rsvBitAndFragmentedPingAreProtocolErrors() {
        assertViolation(new byte[] {(byte) 0xC1, 0x00}, CloseCodes.PROTOCOL_ERROR);
        assertViolation(new byte[] {0x09, 0x00}, CloseCodes.PROTOCOL_ERROR);
    }

    @Test
    void messageSizeLimitAtItsValueAndOnePast() {
        byte[] four = {(byte) 0x82, 0x04, 1, 2, 3, 4};
        feed(four, 4);
        assertThat(events).containsExactly("2 \u0001\u0002\u0003\u0004");
        byte[] five = {(byte) 0x82, 0x05, 1, 2, 3, 4, 5};
        assertThatThrownBy(() -> feed(five, 4)).isInstanceOf(WebSocketProtocolException.class)
                .extracting(e -> ((WebSocketProtocolException) e).closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    }

    private void assertEverySplit(byte[] bytes, String... expected) {
        for (int split = 0; split <= bytes.length; split++) {
            assertSplit(bytes, split, expected);
        }
    }

    /** Feeds {@code bytes} in two reads, cut at {@code split}. */
    private void assertSplit(byte[] bytes, int split, String... expected) {
        events.clear();
        MessageAssembler assembler = new MessageAssembler(this::record, ByteBufAllocator.DEFAULT, 1 << 20);
        FrameReader reader = new FrameReader(assembler);
        try {
            reader.read(Unpooled.wrappedBuffer(bytes, 0, split));
            reader.read(Unpooled.wrappedBuffer(bytes, split, bytes.length - split));
        } finally {
            assembler.release();
        }
        assertThat(events).as("split at %d", split).containsExactly(expected);
    }

    private void assertViolation(byte[] bytes, int closeCode) {
        assertThatThrownBy(() -> feed(bytes, 1 << 20)).isInstanceOf(WebSocketProtocolException.class)
                .extracting(e -> ((WebSocketProtocolException) e).closeCode()).isEqualTo(closeCode);
    }

    private void feed(byte[] bytes, long maxMessageSize) {
        MessageAssembler assembler = new MessageAssembler(this::record, ByteBufAllocator.DEFAULT, maxMessageSize);
        try {
            new FrameReader(assembler).read(Unpooled.wrappedBuffer(bytes));
        } finally {
            assembler.release();
        }
    }

    private void record(int opcode, ByteBuf payload) {
        events.add(opcode + " " + payload.toString(StandardCharsets.ISO_8859_1));
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuf all = Unpooled.buffer();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return Arrays.copyOf(all.array(), all.writerIndex());
    }
}
