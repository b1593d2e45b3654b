package dev.parley.benchmarks.load;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The event data of the {@code push} scenario, and how a subscriber finds it again in whatever envelope its
 * transport wraps it in. The publisher's data is one JSON string, {@code "@<stamp><filler>"}: an {@code @},
 * the {@value StampedPayload#STAMP_LENGTH} hexadecimal digits of its scheduled send time
 * ({@link System#nanoTime()}), then ASCII filler, {@code payloadSize} characters in all. No JSON escape is
 * needed, so the string is the same bytes in every envelope (SSE {@code data:} line, WebSocket or Socket.IO
 * event, polling answer), and a subscriber finds it by its opening {@code "@} without parsing JSON. Pure
 * functions over buffers.
 */
final class PushText {
    /** What opens the data string: a quote and the marker. */
    private static final byte QUOTE = '"';
    private static final byte MARKER = '@';
    private static final byte[] ID_FIELD = "\"id\":".getBytes(StandardCharsets.US_ASCII);

    private PushText() {
    }

    /** The data string of one event, with its quotes, stamped 0: {@code "@0000000000000000xyz..."}. */
    static String template(int payloadSize) {
        if (payloadSize < StampedPayload.STAMP_LENGTH + 1) {
            throw new IllegalArgumentException("--payload must be at least " + (StampedPayload.STAMP_LENGTH + 1)
                    + " (the marker and the send stamp), not " + payloadSize);
        }
        return "\"@" + "0".repeat(StampedPayload.STAMP_LENGTH)
                + MessageSpec.filler(payloadSize - 1 - StampedPayload.STAMP_LENGTH) + "\"";
    }

    /**
     * Where the stamp of the event data in {@code in}'s readable bytes starts: just after the first
     * {@code "@}, if the string it opens is {@code payloadSize} characters and starts with a stamp; -1
     * otherwise (no data string, or not the one published: malformed).
     */
    static int find(ByteBuf in, int payloadSize) {
        int end = in.writerIndex();
        for (int i = in.readerIndex(); i + 1 < end; i++) {
            if (in.getByte(i) == QUOTE && in.getByte(i + 1) == MARKER) {
                int stamp = i + 2;
                int close = i + 1 + payloadSize;
                if (close < end && in.getByte(close) == QUOTE && StampedPayload.isStamp(in, stamp)) {
                    return stamp;
                }
                return -1;
            }
        }
        return -1;
    }

    /** The stamp at {@code index}, as {@link #find} gave it. */
    static long stampAt(ByteBuf in, int index) {
        return StampedPayload.readStamp(in, index);
    }

    /** The number after the first {@code "id":} of {@code in}'s readable bytes, or -1. */
    static long id(ByteBuf in) {
        int end = in.writerIndex();
        outer:
        for (int i = in.readerIndex(); i + ID_FIELD.length < end; i++) {
            for (int k = 0; k < ID_FIELD.length; k++) {
                if (in.getByte(i + k) != ID_FIELD[k]) {
                    continue outer;
                }
            }
            return digits(in, i + ID_FIELD.length, end);
        }
        return -1;
    }

    /** The decimal number at {@code from}, or -1 when there is none. */
    static long digits(ByteBuf in, int from, int end) {
        long value = -1;
        for (int i = from; i < end; i++) {
            byte b = in.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            value = (value < 0 ? 0 : value * 10) + (b - '0');
        }
        return value;
    }
}
