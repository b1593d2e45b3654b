package dev.parley.push.sse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test's reader of a text/event-stream, as a browser parses it (HTML Living Standard §9.2.6): fields up to a
 * blank line make an event; comment lines are kept apart so that a test can see heartbeats.
 */
final class SseReader implements AutoCloseable {
    /** One dispatched block: {@code type} "message" unless {@code event:} said otherwise; null fields absent. */
    record Event(String type, String id, String data, Long retry, List<String> comments) {
    }

    private final BufferedReader in;

    SseReader(InputStream in) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The next block (up to a blank line), or null at the end of the stream. */
    Event next() throws IOException {
        String type = null;
        String id = null;
        Long retry = null;
        StringBuilder data = null;
        List<String> comments = new ArrayList<>();
        String line;
        boolean any = false;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (any) {
                    return new Event(type == null ? "message" : type, id, data == null ? null : data.toString(),
                            retry, comments);
                }
                continue;
            }
            any = true;
            if (line.startsWith(":")) {
                comments.add(line.substring(1));
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> type = value;
                case "id" -> id = value;
                case "retry" -> retry = Long.parseLong(value);
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> throw new AssertionError("unknown field " + field);
            }
        }
        return null;
    }

    /** The next block that carries data (heartbeats and the opening block skipped). */
    Event nextWithData() throws IOException {
        Event event;
        do {
            event = next();
        } while (event != null && event.data() == null);
        return event;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
