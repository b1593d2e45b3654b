package dev.parley.chat.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Cuts a page of message views by their encoded size as well as their number: a page of 500 messages of 4,000
 * characters outside the BMP is 24 MB in JSON (Jackson writes each as two {@code \\u} escapes, 12 bytes), past the
 * 4 MiB a connection may have queued before it is closed as a slow consumer. Sizes are those of the views in JSON as
 * Socket.IO's default parser writes them (Jackson's defaults, UTF-8; the msgpack parser writes less), counted
 * without keeping the bytes. Stateless and thread-safe.
 */
final class BytePages {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);

    private BytePages() {
    }

    /**
     * The first views, in order, while there are at most {@code maxCount} and they encode to at most
     * {@code maxBytes} together (with the commas between them), the first one always (so that a client paging on
     * from the last one always moves); {@code hasMore} if any view was left out.
     */
    static Page cut(List<Map<String, Object>> views, int maxCount, long maxBytes) {
        long bytes = 0;
        int kept = 0;
        while (kept < views.size() && kept < maxCount) {
            long next = bytes + encodedSize(views.get(kept)) + (kept == 0 ? 0 : 1);
            if (kept > 0 && next > maxBytes) {
                break;
            }
            bytes = next;
            kept++;
        }
        return new Page(views.subList(0, kept), kept < views.size(), bytes);
    }

    /** A page: its views, whether more were left out, and what they encode to in bytes. */
    record Page(List<Map<String, Object>> views, boolean hasMore, long bytes) {
    }

    /** The bytes of {@code value} in JSON, UTF-8. */
    static long encodedSize(Object value) {
        Counter counter = new Counter();
        try {
            JSON.writeValue(counter, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counter.count;
    }

    private static final class Counter extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
