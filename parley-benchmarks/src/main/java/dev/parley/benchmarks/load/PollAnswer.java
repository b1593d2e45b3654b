package dev.parley.benchmarks.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;

/**
 * The syntax of a polling answer, {@code {"events":[{"id","topic","data"},...],"lastId","gap"}} (docs/push.md),
 * fields in any order, read with Jackson's streaming parser (no tree): each event's id and data string go to
 * a listener as they are read. Pure: no channel, no clock.
 */
final class PollAnswer {
    /** Receives what one answer holds. */
    interface Listener {
        /** One event: its id (-1 if none) and its data when a JSON string (null otherwise). */
        void onEvent(long id, String data);
    }

    private static final JsonFactory JSON = new JsonFactory();

    /** The answer's {@code lastId} (-1 if absent), and whether it says {@code "gap":true}. */
    record Summary(long lastId, boolean gap) {
    }

    private PollAnswer() {
    }

    static Summary read(InputStream in, Listener listener) throws IOException {
        long lastId = -1;
        boolean gap = false;
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "events" -> readEvents(p, listener);
                    case "lastId" -> lastId = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                    case "gap" -> gap = value == JsonToken.VALUE_TRUE;
                    default -> p.skipChildren();
                }
            }
        }
        return new Summary(lastId, gap);
    }

    private static void readEvents(JsonParser p, Listener listener) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IOException("events is not an array");
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
            long id = -1;
            String data = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("id") && value == JsonToken.VALUE_NUMBER_INT) {
                    id = p.getLongValue();
                } else if (field.equals("data") && value == JsonToken.VALUE_STRING) {
                    data = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            listener.onEvent(id, data);
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw new IOException("events holds something other than objects");
        }
    }
}
