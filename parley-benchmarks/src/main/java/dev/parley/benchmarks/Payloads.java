package dev.parley.benchmarks;

import dev.parley.websocket.internal.FrameWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic payloads and frames shared by the benchmarks: every run measures the same bytes, drawn from
 * one seeded source, so figures from two runs or two machines compare.
 */
final class Payloads {
    /** Payload kinds, as the {@code kind} parameter spells them. */
    static final String BINARY = "binary";
    static final String ASCII = "ascii";
    static final String MIXED = "mixed";

    private static final long SEED = 6455;

    /** A JSON-like chat event: the typical text message, all ASCII. */
    private static final String ASCII_SAMPLE =
            "{\"event\":\"chat\",\"room\":\"lobby\",\"from\":\"ada\",\"text\":\"hello, world\",\"ts\":1718000000}\n";

    /**
     * Multilingual chat text mixing 1-, 2-, 3- and 4-byte UTF-8 sequences (Latin with accents, Cyrillic,
     * CJK, emoji): under a quarter of its bytes are ASCII, so the validator's 8-byte ASCII skip rarely helps.
     */
    private static final String MIXED_SAMPLE =
            "Grüße aus Köln! Привет, мир. 你好，世界。こんにちは 👋🎉 ça va? Ελληνικά ☕ 한국어 ";

    private Payloads() {
    }

    /** The mask key of every client frame, from the seeded source (RFC 6455 §5.3). */
    static int maskKey() {
        return new SplittableRandom(SEED).nextInt();
    }

    /** {@code size} bytes of the given kind: random bytes, ASCII text, or mixed multi-byte text. */
    static byte[] of(String kind, int size) {
        return switch (kind) {
            case BINARY -> random(size);
            case ASCII -> text(ASCII_SAMPLE, size);
            case MIXED -> text(MIXED_SAMPLE, size);
            default -> throw new IllegalArgumentException("Unknown payload kind " + kind);
        };
    }

    /** Random bytes from the seeded source. */
    static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(SEED + 1).nextBytes(bytes);
        return bytes;
    }

    /**
     * Valid, complete UTF-8 of exactly {@code size} bytes: the sample repeated, whole characters only, the
     * remainder padded with spaces, so that no multi-byte sequence is cut at the end.
     */
    static byte[] text(String sample, int size) {
        byte[] out = new byte[size];
        int position = 0;
        int[] codePoints = sample.codePoints().toArray();
        for (int i = 0; ; i = (i + 1) % codePoints.length) {
            byte[] encoded = new String(codePoints, i, 1).getBytes(StandardCharsets.UTF_8);
            if (position + encoded.length > size) {
                break;
            }
            System.arraycopy(encoded, 0, out, position, encoded.length);
            position += encoded.length;
        }
        while (position < size) {
            out[position++] = ' ';
        }
        return out;
    }

    /** A complete masked client frame around {@code payload}, as it arrives on the wire. */
    static byte[] maskedFrame(int opcode, byte[] payload) {
        ByteBuf frame = FrameWriter.encodeMasked(UnpooledByteBufAllocator.DEFAULT, true, 0, opcode,
                Unpooled.wrappedBuffer(payload), maskKey());
        try {
            return ByteBufUtil.getBytes(frame);
        } finally {
            frame.release();
        }
    }
}
