package dev.parley.push.sse.internal;

import dev.parley.push.EventEncoding;
import dev.parley.push.TopicEvent;
import dev.parley.push.subscriber.internal.EventJson;
import java.nio.charset.StandardCharsets;

/**
 * The text/event-stream syntax (HTML Living Standard, "Server-sent events", §9.2.5 and §9.2.6): fields are
 * {@code name: value} lines, an event ends with a blank line, lines starting with {@code :} are comments.
 *
 * <p>Each topic event is one {@code message} event: {@code id:} is the event id (the browser sends it back as
 * {@code Last-Event-ID} when it reconnects) and {@code data:} the event's JSON ({@link EventJson}). The JSON is
 * split at its line breaks into several {@code data:} lines, which the browser joins with LF (§9.2.6): a line
 * break in JSON text can only be whitespace between tokens, so the joined text is the same JSON.
 */
public final class SseEncoding {
    /** The one instance: the memo key of {@link TopicEvent#encoded}. */
    public static final EventEncoding<byte[]> EVENT = SseEncoding::event;
    /** A comment line and the end of an (empty) event: keeps proxies and the browser from timing out. */
    public static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);

    private SseEncoding() {
    }

    private static byte[] event(TopicEvent event) {
        StringBuilder text = new StringBuilder(event.data().length() + 64);
        text.append("id: ").append(event.id()).append('\n');
        data(text, event.encoded(EventJson.ENCODING));
        return text.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The start of a stream: a comment (so that a proxy that buffers until the first bytes passes the head on)
     * and the reconnection delay the browser should use (§9.2.6 {@code retry}).
     */
    public static String hello(long retryMillis) {
        return ": parley\nretry: " + retryMillis + "\n\n";
    }

    /**
     * A {@code gap} event: the history no longer reaches back to {@code afterId} on {@code topic}; the client
     * should reload what it shows. No {@code id:} line, so the browser's last event id stays what it was.
     */
    public static String gap(String topic, long afterId) {
        StringBuilder text = new StringBuilder(64 + topic.length());
        text.append("event: gap\n");
        data(text, "{\"topic\":\"" + topic + "\",\"afterId\":" + afterId + "}");
        return text.append('\n').toString();
    }

    /** {@code data:} lines for {@code value}, split at CR LF, CR or LF (§9.2.5's end-of-line). */
    private static void data(StringBuilder out, String value) {
        int start = 0;
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                out.append("data: ").append(value, start, i).append('\n');
                if (c == '\r' && i + 1 < n && value.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        out.append("data: ").append(value, start, n).append('\n');
    }
}
