package dev.parley.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;

/**
 * The syntax of a {@code text/event-stream} (the HTML Standard, "Server-sent events", "Parsing an event
 * stream"), as far as the generator needs it: lines end with CRLF, LF or CR; {@code data:} lines accumulate
 * the data (joined by LF), {@code id:} sets the last event id (read as a decimal number, as Parley's and the
 * peer's ids are), {@code event:} the type, a line starting with {@code :} is a comment (a heartbeat), and a
 * blank line dispatches the event if it has data. Fed the body's chunks as TCP delivers them, split
 * anywhere. Pure: no channel, no clock; one instance per stream, used on one thread.
 */
final class SseParser {
    /** Receives each dispatched event. */
    interface Listener {
        /**
         * One event: its id (the last {@code id:} seen on the stream, -1 before any), whether its type is
         * {@code gap}, and its data, valid only during the call.
         */
        void onEvent(long lastEventId, boolean gap, ByteBuf data);
    }

    /** A line longer than this (1 MiB) is a broken stream, not an event: the caller closes it. */
    static final int MAX_LINE = 1 << 20;

    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "id".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GAP = "gap".getBytes(StandardCharsets.US_ASCII);

    private final Listener listener;
    private final ByteBuf line = Unpooled.buffer(256);
    private final ByteBuf data = Unpooled.buffer(256);
    private boolean hasData;
    private boolean gap;
    private boolean skipLf;
    private long lastEventId = -1;

    SseParser(Listener listener) {
        this.listener = listener;
    }

    /** Parses the readable bytes of {@code chunk} (not released). */
    void feed(ByteBuf chunk) {
        int i = chunk.readerIndex();
        int end = chunk.writerIndex();
        while (i < end) {
            if (skipLf) {
                skipLf = false;
                if (chunk.getByte(i) == '\n') {
                    i++;
                    continue;
                }
            }
            int eol = chunk.forEachByte(i, end - i, ByteProcessor.FIND_CRLF);
            if (eol < 0) {
                append(chunk, i, end - i);
                return;
            }
            append(chunk, i, eol - i);
            skipLf = chunk.getByte(eol) == '\r';
            processLine();
            i = eol + 1;
        }
    }

    /** Frees the parser's buffers; call once, when the stream ended. */
    void release() {
        line.release();
        data.release();
    }

    private void append(ByteBuf chunk, int from, int length) {
        if (line.readableBytes() + length > MAX_LINE) {
            throw new IllegalStateException("an event stream line longer than " + MAX_LINE + " bytes");
        }
        line.writeBytes(chunk, from, length);
    }

    private void processLine() {
        int length = line.readableBytes();
        if (length == 0) {
            dispatch();
        } else if (line.getByte(0) != ':') {
            int colon = line.indexOf(0, length, (byte) ':');
            int nameEnd = colon < 0 ? length : colon;
            int value = colon < 0 ? length : colon + 1;
            if (value < length && line.getByte(value) == ' ') {
                value++;
            }
            if (is(DATA, nameEnd)) {
                if (hasData) {
                    data.writeByte('\n');
                }
                data.writeBytes(line, value, length - value);
                hasData = true;
            } else if (is(ID, nameEnd)) {
                lastEventId = PushText.digits(line, value, length);
            } else if (is(EVENT, nameEnd)) {
                gap = length - value == GAP.length && matches(GAP, value);
            }
        }
        line.clear();
    }

    private void dispatch() {
        if (hasData) {
            listener.onEvent(lastEventId, gap, data);
        }
        data.clear();
        hasData = false;
        gap = false;
    }

    private boolean is(byte[] name, int nameEnd) {
        return nameEnd == name.length && matches(name, 0);
    }

    private boolean matches(byte[] bytes, int at) {
        for (int k = 0; k < bytes.length; k++) {
            if (line.getByte(at + k) != bytes[k]) {
                return false;
            }
        }
        return true;
    }
}
