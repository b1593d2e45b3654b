package dev.parley.testkit;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * What a permessage-deflate sender should put on the wire, computed independently with the JDK's zlib: raw
 * DEFLATE (nowrap), each message flushed with SYNC_FLUSH and its trailing {@code 00 00 FF FF} removed
 * (RFC 7692 §7.2.1), one compression context across the messages (context takeover). For tests that compare a
 * server's compressed frames with the bytes a given level produces.
 */
public final class DeflateReference {
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    private DeflateReference() {
    }

    /** The payloads of compressed frames carrying {@code messages}, in order, in one context at {@code level}. */
    public static List<byte[]> compress(int level, byte[]... messages) {
        Deflater deflater = new Deflater(level, true);
        try {
            List<byte[]> payloads = new ArrayList<>();
            for (byte[] message : messages) {
                deflater.setInput(message);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] chunk = new byte[4096];
                int n;
                do {
                    n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
                    out.write(chunk, 0, n);
                } while (n == chunk.length || !deflater.needsInput());
                byte[] flushed = out.toByteArray();
                if (!Arrays.equals(flushed, flushed.length - TAIL.length, flushed.length, TAIL, 0, TAIL.length)) {
                    throw new IllegalStateException("SYNC_FLUSH output does not end with 00 00 FF FF");
                }
                payloads.add(Arrays.copyOf(flushed, flushed.length - TAIL.length));
            }
            return payloads;
        } finally {
            deflater.end();
        }
    }

    /**
     * Inflates the payloads of compressed frames, in order, in one context (RFC 7692 §7.2.2: the tail is
     * appended back to each), as a receiver with context takeover does.
     */
    public static List<byte[]> inflate(List<byte[]> payloads) {
        Inflater inflater = new Inflater(true);
        try {
            List<byte[]> messages = new ArrayList<>();
            for (byte[] payload : payloads) {
                byte[] input = Arrays.copyOf(payload, payload.length + TAIL.length);
                System.arraycopy(TAIL, 0, input, payload.length, TAIL.length);
                inflater.setInput(input);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] chunk = new byte[4096];
                int n;
                do {
                    n = inflater.inflate(chunk);
                    out.write(chunk, 0, n);
                } while (n > 0);
                messages.add(out.toByteArray());
            }
            return messages;
        } catch (DataFormatException e) {
            throw new IllegalStateException("not a valid DEFLATE stream", e);
        } finally {
            inflater.end();
        }
    }

    /**
     * {@code length} characters drawn at random from {@code a} and {@code b} ({@link Random} with the seed, so
     * the same on every JVM). Such text is full of short repeats with long hash chains, where zlib's levels make
     * different choices: its compressed form tells the level used.
     */
    public static String twoLetterText(int length, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(random.nextBoolean() ? 'a' : 'b');
        }
        return text.toString();
    }
}
