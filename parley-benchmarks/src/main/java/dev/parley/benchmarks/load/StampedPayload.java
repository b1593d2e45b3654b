package dev.parley.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A message that carries its own send stamp, for the broadcast scenario: a template built once per run,
 * with {@value #STAMP_LENGTH} hexadecimal digits at a known offset that each publish overwrites with its
 * {@link System#nanoTime()} stamp. A subscriber reads the stamp back and needs no state of its own to
 * measure: publisher and subscribers live in this one process, and on Linux {@code nanoTime} is
 * {@code CLOCK_MONOTONIC}, shared by all threads. Hexadecimal ASCII needs no JSON escape and is valid
 * UTF-8, so one encoding serves a text message, a binary one and a Socket.IO string argument. Immutable.
 */
final class StampedPayload {
    /** Hexadecimal digits of a stamp: all 64 bits, so any {@code nanoTime} value, negative ones too. */
    static final int STAMP_LENGTH = 16;

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final byte[] template;
    private final int stampOffset;

    private StampedPayload(byte[] template, int stampOffset) {
        this.template = template;
        this.stampOffset = stampOffset;
    }

    /** A raw WebSocket message of {@code size} bytes: the stamp, then ASCII filler. */
    static StampedPayload raw(int size) {
        return new StampedPayload(text(size).getBytes(StandardCharsets.US_ASCII), 0);
    }

    /**
     * A Socket.IO EVENT without ack, {@code 42["event","arg",...,"<stamp><filler>"]}, whose last argument is
     * {@code size} characters starting with the stamp.
     */
    static StampedPayload socketIoEvent(int size, String event, String... arguments) {
        String[] all = Arrays.copyOf(arguments, arguments.length + 1);
        all[arguments.length] = text(size);
        byte[] packet = SocketIoWire.event(event, all);
        // The last argument needs no escape, so it ends the packet as itself followed by "] .
        return new StampedPayload(packet, packet.length - 2 - size);
    }

    /** Bytes of a message written by {@link #write}. */
    int length() {
        return template.length;
    }

    /** A new buffer: the template with {@code stampNanos} in place. */
    ByteBuf write(ByteBufAllocator alloc, long stampNanos) {
        ByteBuf out = alloc.buffer(template.length);
        out.writeBytes(template);
        writeStamp(out, out.readerIndex() + stampOffset, stampNanos);
        return out;
    }

    /** Sets the stamp's digits at {@code index}, most significant first. */
    static void writeStamp(ByteBuf out, int index, long stampNanos) {
        for (int i = 0; i < STAMP_LENGTH; i++) {
            out.setByte(index + i, HEX[(int) (stampNanos >>> (60 - 4 * i)) & 0xF]);
        }
    }

    /** Whether {@code in} holds {@value #STAMP_LENGTH} lowercase hexadecimal digits at {@code index}. */
    static boolean isStamp(ByteBuf in, int index) {
        if (index < in.readerIndex() || index + STAMP_LENGTH > in.writerIndex()) {
            return false;
        }
        for (int i = 0; i < STAMP_LENGTH; i++) {
            if (digit(in.getByte(index + i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The stamp at {@code index}; check it with {@link #isStamp} first. */
    static long readStamp(ByteBuf in, int index) {
        long stamp = 0;
        for (int i = 0; i < STAMP_LENGTH; i++) {
            stamp = stamp << 4 | digit(in.getByte(index + i));
        }
        return stamp;
    }

    private static int digit(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        return b >= 'a' && b <= 'f' ? b - 'a' + 10 : -1;
    }

    /** {@code size} characters: a zero stamp, then filler; at least a stamp long. */
    private static String text(int size) {
        if (size < STAMP_LENGTH) {
            throw new IllegalArgumentException("--payload must be at least " + STAMP_LENGTH
                    + " (the send stamp), not " + size);
        }
        return "0".repeat(STAMP_LENGTH) + MessageSpec.filler(size - STAMP_LENGTH);
    }
}
