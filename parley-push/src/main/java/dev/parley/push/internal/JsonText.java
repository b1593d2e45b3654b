package dev.parley.push.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;

/**
 * Checks that published data is one well-formed JSON value and nothing else, without building a tree (the
 * text is stored and sent as given). Depth is capped so that a deeply nested value cannot blow the stack of a
 * client that parses it.
 */
public final class JsonText {
    public static final int MAX_DEPTH = 64;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private JsonText() {
    }

    /** Null when the text is one JSON value; otherwise why not. */
    public static String problem(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() == null) {
                return "data is empty: send a JSON value";
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                return "data has text after its JSON value";
            }
            return null;
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            int lineBreak = message.indexOf('\n');
            return "data is not valid JSON: " + (lineBreak < 0 ? message : message.substring(0, lineBreak));
        }
    }
}
