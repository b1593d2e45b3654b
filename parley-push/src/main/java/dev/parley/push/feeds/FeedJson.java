package dev.parley.push.feeds;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The check of an upstream body: UTF-8 (RFC 8259 §8.1; a leading byte order mark is ignored, as it allows)
 * holding exactly one JSON value, strictly (no comments, no trailing commas, nothing after the value). Error
 * messages give a position, never the body's text.
 */
final class FeedJson {
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private FeedJson() {
    }

    /** The body as text, once it is known to be one JSON value. */
    static String validate(byte[] body) throws FeedFailure {
        String text = utf8(body);
        if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
            text = text.substring(1);
        }
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() == null) {
                throw invalid("the body is empty");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw invalid("more than one JSON value (" + at(parser.currentTokenLocation()) + ")");
            }
            return text;
        } catch (JsonProcessingException e) {
            throw invalid(e.getOriginalMessage() + " (" + at(e.getLocation()) + ")");
        } catch (IOException e) {
            throw invalid(String.valueOf(e.getMessage())); // reading a String: not expected
        }
    }

    private static String utf8(byte[] body) throws FeedFailure {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw invalid("the body is not UTF-8");
        }
    }

    private static String at(JsonLocation where) {
        return where == null ? "position unknown" : "line " + where.getLineNr() + ", column " + where.getColumnNr();
    }

    private static FeedFailure invalid(String why) {
        return new FeedFailure(FeedError.INVALID_JSON, why);
    }
}
