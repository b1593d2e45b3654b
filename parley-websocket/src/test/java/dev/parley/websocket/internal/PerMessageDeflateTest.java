package dev.parley.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.websocket.CloseCodes;
import dev.parley.websocket.WebSocketConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** RFC 7692: the §7.2.3 examples, negotiation, and the bound on inflated size. */
class PerMessageDeflateTest {
    /** RFC 7692 §7.2.3.1: "Hello" compressed, as the payload of one frame. */
    static final byte[] HELLO_COMPRESSED = Bytes.of(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00);
    /** RFC 7692 §7.2.3.1: "Hello" compressed and fragmented: payloads of the two frames. */
    static final byte[] HELLO_FRAGMENT_1 = Bytes.of(0xf2, 0x48, 0xcd);
    static final byte[] HELLO_FRAGMENT_2 = Bytes.of(0xc9, 0xc9, 0x07, 0x00);
    /** RFC 7692 §7.2.3.2: the second "Hello" with context takeover, referencing the first. */
    static final byte[] HELLO_AGAIN_WITH_CONTEXT = Bytes.of(0xf2, 0x00, 0x11, 0x00, 0x00);
    /** RFC 7692 §7.2.3.3: "Hello" in a DEFLATE block with no compression. */
    static final byte[] HELLO_STORED = Bytes.of(0x00, 0x05, 0x00, 0xfa, 0xff, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x00);
    /** RFC 7692 §7.2.3.4: "Hello" with BFINAL set. */
    static final byte[] HELLO_BFINAL = Bytes.of(0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00);
    /** RFC 7692 §7.2.3.5: "Hello" in two DEFLATE blocks. */
    static final byte[] HELLO_TWO_BLOCKS = Bytes.of(0xf2, 0x48, 0x05, 0x00, 0x00, 0x00, 0xff, 0xff, 0xca, 0xc9, 0xc9,
            0x07, 0x00);

    private static final DeflateParameters CONTEXT_TAKEOVER = new DeflateParameters(false, false, 15, "permessage-deflate");

    private static Harness deflateHarness(WebSocketConfig config) {
        return new Harness(config.toBuilder().permessageDeflate(true).deflateThreshold(0).build(), CONTEXT_TAKEOVER);
    }

    @Test
    void decodesEveryRfcExampleWholeAndBytewise() {
        for (boolean bytewise : new boolean[] {false, true}) {
            try (Harness h = deflateHarness(WebSocketConfig.defaults())) {
                byte[] wire = Bytes.concat(
                        h.client.frame(true, Opcodes.RSV1, Opcodes.TEXT, HELLO_COMPRESSED),
                        h.client.frame(true, Opcodes.RSV1, Opcodes.TEXT, HELLO_AGAIN_WITH_CONTEXT),
                        h.client.frame(false, Opcodes.RSV1, Opcodes.TEXT, HELLO_FRAGMENT_1),
                        h.client.frame(true, 0, Opcodes.CONTINUATION, HELLO_FRAGMENT_2),
                        h.client.frame(true, Opcodes.RSV1, Opcodes.TEXT, HELLO_STORED),
                        h.client.frame(true, Opcodes.RSV1, Opcodes.TEXT, HELLO_BFINAL),
                        h.client.frame(true, Opcodes.RSV1, Opcodes.TEXT, HELLO_TWO_BLOCKS),
                        h.client.text("plain Hello"));
                if (bytewise) {
                    h.sendBytewise(wire);
                } else {
                    h.send(wire);
                }
                for (int i = 0; i < 6; i++) {
                    assertThat(h.listener.next(RecordingListener.Text.class).text()).as("message %d", i).isEqualTo("Hello");
                }
                assertThat(h.listener.next(RecordingListener.Text.class).text()).isEqualTo("plain Hello");
                h.listener.assertExhausted();
            }
        }
    }

    @Test
    void compressesLikeTheRfcWithContextTakeover() {
        MessageDeflater deflater = new MessageDeflater(Deflater.DEFAULT_COMPRESSION, false, false);
        try {
            ByteBuf first = deflater.compress(ByteBufAllocator.DEFAULT, Unpooled.copiedBuffer("Hello", StandardCharsets.US_ASCII));
            ByteBuf second = deflater.compress(ByteBufAllocator.DEFAULT, Unpooled.copiedBuffer("Hello", StandardCharsets.US_ASCII));
            assertThat(Bytes.toArray(first)).isEqualTo(HELLO_COMPRESSED);
            assertThat(Bytes.toArray(second)).isEqualTo(HELLO_AGAIN_WITH_CONTEXT);
            first.release();
            second.release();
        } finally {
            deflater.release();
        }
    }

    @Test
    void serverFramesAreCompressedWithRsv1AndRoundTrip() {
        try (Harness h = deflateHarness(WebSocketConfig.defaults())) {
            h.listener.echo = true;
            String text = "Parley ".repeat(500);
            h.send(h.client.text(text));
            h.listener.next(RecordingListener.Text.class);
            ServerFrame frame = h.onlyFrame();
            assertThat(frame.rsv()).isEqualTo(Opcodes.RSV1);
            assertThat(frame.payload().length).isLessThan(text.length() / 10);
            // Feed the server's compressed frame back as a client frame: it must inflate to the same text.
            h.send(h.client.frame(true, Opcodes.RSV1, Opcodes.TEXT, frame.payload()));
            assertThat(h.listener.next(RecordingListener.Text.class).text()).isEqualTo(text);
        }
    }

    @Test
    void emptyMessageBetweenMessagesWithContextTakeover() {
        try (Harness h = deflateHarness(WebSocketConfig.defaults())) {
            String[] texts = {"Parley", "", "Parley", ""};
            List<byte[]> payloads = new java.util.ArrayList<>();
            h.listener.echo = true;
            for (String text : texts) {
                h.send(h.client.text(text));
                h.listener.next(RecordingListener.Text.class);
                ServerFrame frame = h.onlyFrame();
                assertThat(frame.rsv()).isEqualTo(Opcodes.RSV1);
                payloads.add(frame.payload());
            }
            assertThat(payloads.get(1)).containsExactly(0x00);
            assertThat(payloads.get(3)).containsExactly(0x00);
            // The server's frames, in order, are one valid stream with context: they inflate back.
            h.listener.echo = false;
            for (int i = 0; i < texts.length; i++) {
                h.send(h.client.frame(true, Opcodes.RSV1, Opcodes.TEXT, payloads.get(i)));
                assertThat(h.listener.next(RecordingListener.Text.class).text()).isEqualTo(texts[i]);
            }
        }
    }

    @Test
    void theDefaultsCompressFrom1024BytesAtZlibLevel6() {
        // Only deflate on: threshold and level are the documented defaults (1024 bytes, level 6).
        try (Harness h = new Harness(WebSocketConfig.builder().permessageDeflate(true).build(), CONTEXT_TAKEOVER)) {
            h.listener.echo = true;
            String below = "a".repeat(WebSocketConfig.DEFAULT_DEFLATE_THRESHOLD - 1);
            h.send(h.client.text(below));
            h.listener.next(RecordingListener.Text.class);
            ServerFrame plain = h.onlyFrame();
            assertThat(plain.rsv()).as("1023 bytes go uncompressed").isZero();
            assertThat(new String(plain.payload(), StandardCharsets.UTF_8)).isEqualTo(below);

            Random random = new Random(42);
            StringBuilder text = new StringBuilder();
            while (text.length() < 1024) {
                text.append("word").append(random.nextInt(100)).append(' ');
            }
            String atThreshold = text.substring(0, 1024);
            h.send(h.client.text(atThreshold));
            h.listener.next(RecordingListener.Text.class);
            ServerFrame compressed = h.onlyFrame();
            assertThat(compressed.rsv()).as("1024 bytes are compressed").isEqualTo(Opcodes.RSV1);
            // The first message of a context: exactly what zlib makes at level 6, less the 00 00 ff ff tail.
            assertThat(compressed.payload()).isEqualTo(rawDeflate(atThreshold.getBytes(StandardCharsets.UTF_8), 6));
            assertThat(compressed.payload()).isNotEqualTo(rawDeflate(atThreshold.getBytes(StandardCharsets.UTF_8), 1));
        }
    }

    private static byte[] rawDeflate(byte[] input, int level) {
        Deflater deflater = new Deflater(level, true);
        deflater.setInput(input);
        byte[] out = new byte[input.length + 64];
        int length = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        deflater.end();
        return Arrays.copyOf(out, length - 4); // RFC 7692 §7.2.1: drop the empty block's tail
    }

    @Test
    void limitedServerWindowCompressesLiteralsOnly() {
        DeflateParameters window9 = new DeflateParameters(false, false, 9, "permessage-deflate; server_max_window_bits=9");
        WebSocketConfig config = WebSocketConfig.builder().permessageDeflate(true).deflateThreshold(0).build();
        try (Harness h = new Harness(config, window9)) {
            h.listener.echo = true;
            String text = "Parley ".repeat(500);
            h.send(h.client.text(text));
            h.listener.next(RecordingListener.Text.class);
            ServerFrame frame = h.onlyFrame();
            assertThat(frame.rsv()).isEqualTo(Opcodes.RSV1);
            // Repetition is what back-references compress; Huffman-coded literals cannot get near 1/10.
            assertThat(frame.payload().length).isBetween(text.length() / 4, text.length());
            h.send(h.client.frame(true, Opcodes.RSV1, Opcodes.TEXT, frame.payload()));
            assertThat(h.listener.next(RecordingListener.Text.class).text()).isEqualTo(text);
        }
    }

    @Test
    void inflatedSizeIsBoundedSoABombIs1009() {
        WebSocketConfig config = WebSocketConfig.builder().maxMessageSize(1_000_000).build();
        try (Harness h = deflateHarness(config)) {
            // 50 MB of zeros compress to about 50 KB; the limit stops inflation after 1 MB.
            MessageDeflater deflater = new MessageDeflater(9, true, false);
            ByteBuf bomb = deflater.compress(ByteBufAllocator.DEFAULT, Unpooled.wrappedBuffer(new byte[50_000_000]));
            byte[] payload = Bytes.toArray(bomb);
            bomb.release();
            assertThat(payload.length).isLessThan(100_000);
            h.send(h.client.frame(true, Opcodes.RSV1, Opcodes.BINARY, payload));
            h.assertFailedWith(CloseCodes.MESSAGE_TOO_BIG);
        }
    }

    @Test
    void inflatedLimitAcceptsExactlyN() {
        WebSocketConfig config = WebSocketConfig.builder().maxMessageSize(5000).build();
        byte[] data = new byte[5000];
        new Random(1).nextBytes(data);
        MessageDeflater deflater = new MessageDeflater(6, true, false);
        ByteBuf exact = deflater.compress(ByteBufAllocator.DEFAULT, Unpooled.wrappedBuffer(data));
        ByteBuf over = deflater.compress(ByteBufAllocator.DEFAULT, Unpooled.wrappedBuffer(new byte[5001]));
        try (Harness h = deflateHarness(config)) {
            h.send(h.client.frame(true, Opcodes.RSV1, Opcodes.BINARY, Bytes.toArray(exact)));
            assertThat(h.listener.next(RecordingListener.Binary.class).data()).isEqualTo(data);
            h.send(h.client.frame(true, Opcodes.RSV1, Opcodes.BINARY, Bytes.toArray(over)));
            h.assertFailedWith(CloseCodes.MESSAGE_TOO_BIG);
        } finally {
            exact.release();
            over.release();
        }
    }

    @Test
    void invalidUtf8InsideCompressedTextIs1007() {
        MessageDeflater deflater = new MessageDeflater(6, true, false);
        ByteBuf bad = deflater.compress(ByteBufAllocator.DEFAULT, Unpooled.wrappedBuffer(Bytes.of(0x61, 0xED, 0xA0, 0x80)));
        try (Harness h = deflateHarness(WebSocketConfig.defaults())) {
            h.send(h.client.frame(true, Opcodes.RSV1, Opcodes.TEXT, Bytes.toArray(bad)));
            h.assertFailedWith(CloseCodes.INVALID_PAYLOAD);
        } finally {
            bad.release();
        }
    }

    @Test
    void garbageCompressedDataIs1007() {
        try (Harness h = deflateHarness(WebSocketConfig.defaults())) {
            h.send(h.client.frame(true, Opcodes.RSV1, Opcodes.BINARY, Bytes.of(0xFF, 0xFF, 0xFF, 0xFF)));
            h.assertFailedWith(CloseCodes.INVALID_PAYLOAD);
        }
    }

    @Test
    void rsv1OnContinuationOrControlFrameIs1002() {
        try (Harness h = deflateHarness(WebSocketConfig.defaults())) {
            h.send(h.client.frame(false, Opcodes.RSV1, Opcodes.TEXT, HELLO_FRAGMENT_1));
            h.send(h.client.frame(true, Opcodes.RSV1, Opcodes.CONTINUATION, HELLO_FRAGMENT_2));
            h.assertFailedWith(CloseCodes.PROTOCOL_ERROR);
        }
        try (Harness h = deflateHarness(WebSocketConfig.defaults())) {
            h.send(h.client.frame(true, Opcodes.RSV1, Opcodes.PING, new byte[0]));
            h.assertFailedWith(CloseCodes.PROTOCOL_ERROR);
        }
    }

    @Test
    void negotiation() {
        assertThat(negotiate("permessage-deflate")).isEqualTo("permessage-deflate");
        assertThat(negotiate("permessage-deflate; client_max_window_bits")).isEqualTo("permessage-deflate");
        assertThat(negotiate("permessage-deflate; client_max_window_bits=10")).isEqualTo("permessage-deflate");
        assertThat(negotiate("permessage-deflate; server_no_context_takeover; client_no_context_takeover"))
                .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
        assertThat(negotiate("permessage-deflate; server_max_window_bits=15"))
                .isEqualTo("permessage-deflate; server_max_window_bits=15");
        assertThat(negotiate("permessage-deflate; server_max_window_bits=\"15\""))
                .isEqualTo("permessage-deflate; server_max_window_bits=15");
        // A limit on our window is honoured (literals only) and echoed, down to 8.
        assertThat(negotiate("permessage-deflate; server_max_window_bits=10"))
                .isEqualTo("permessage-deflate; server_max_window_bits=10");
        assertThat(negotiate("permessage-deflate; server_no_context_takeover; server_max_window_bits=8"))
                .isEqualTo("permessage-deflate; server_no_context_takeover; server_max_window_bits=8");
        assertThat(PerMessageDeflateNegotiator.negotiate(ExtensionOffer.parse(
                List.of("permessage-deflate; server_max_window_bits=9"))).literalsOnly()).isTrue();
        assertThat(PerMessageDeflateNegotiator.negotiate(ExtensionOffer.parse(
                List.of("permessage-deflate"))).literalsOnly()).isFalse();
        // Invalid offers are declined; the next acceptable one wins.
        assertThat(negotiate("permessage-deflate; server_max_window_bits=16, permessage-deflate; client_no_context_takeover"))
                .isEqualTo("permessage-deflate; client_no_context_takeover");
        assertThat(negotiate("permessage-deflate; server_max_window_bits=08")).isNull();
        assertThat(negotiate("permessage-deflate; client_max_window_bits=7")).isNull();
        assertThat(negotiate("permessage-deflate; client_max_window_bits=16")).isNull();
        assertThat(negotiate("permessage-deflate; server_max_window_bits")).isNull();
        assertThat(negotiate("permessage-deflate; server_no_context_takeover=1")).isNull();
        assertThat(negotiate("permessage-deflate; server_no_context_takeover; server_no_context_takeover")).isNull();
        assertThat(negotiate("permessage-deflate; unknown_parameter")).isNull();
        assertThat(negotiate("x-webkit-deflate-frame")).isNull();
        assertThat(ExtensionOffer.parse(List.of("permessage-deflate; a=\"unterminated"))).isNull();
    }

    private static String negotiate(String header) {
        List<ExtensionOffer> offers = ExtensionOffer.parse(List.of(header));
        assertThat(offers).isNotNull();
        DeflateParameters p = PerMessageDeflateNegotiator.negotiate(offers);
        return p == null ? null : p.responseHeader();
    }
}
