package dev.parley.push.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.parley.push.TopicName;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a publish request body (docs/push.md, "Publishing"): one object {@code {"topic", "data", "id"?}} or an
 * array of 1 to {@code maxBatch} of them. Strict: another field, a duplicate field, text after the value, a
 * topic outside {@link TopicName}, a missing {@code data} or a bad {@code id} is refused with its index. The
 * data is kept as compact JSON text with its numbers' digits as sent. Pure: no I/O, no clock; thread-safe.
 */
public final class PublishRequestParser {
    public static final Set<String> FIELDS = Set.of("topic", "data", "id");
    /** An idempotency key: 1 to 128 characters, none of them a control character. */
    public static final int MAX_ID_LENGTH = 128;

    private final ObjectMapper mapper;
    private final int maxBatch;

    public PublishRequestParser(int maxBatch) {
        this.maxBatch = maxBatch;
        JsonFactory factory = JsonFactory.builder()
                // The array and the object around the data take two levels; the data's own cap is JsonText's.
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(JsonText.MAX_DEPTH + 2).build())
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // Numbers keep their digits: no rounding through double, no trailing zeros stripped.
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .build();
    }

    /** A request's publications, in order, and whether they came as an array (answered with {@code ids}). */
    public record Parsed(List<PublishItem> items, boolean batch) {
    }

    /** The publications of a body; a {@link PublishRefusal} says what is wrong. */
    public Parsed parse(byte[] body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new PublishRefusal(400, "invalid_json", "The body is not JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new PublishRefusal(400, "invalid_json", "The body could not be read as JSON");
        }
        if (root == null || root.isMissingNode()) {
            throw new PublishRefusal(400, "invalid_body", "The body is empty: send {\"topic\": ..., \"data\": ...}");
        }
        if (root.isObject()) {
            return new Parsed(List.of(item(root, -1)), false);
        }
        if (!root.isArray()) {
            throw new PublishRefusal(400, "invalid_body", "Send {\"topic\": ..., \"data\": ..., \"id\"?: ...} or an "
                    + "array of them");
        }
        if (root.isEmpty() || root.size() > maxBatch) {
            throw new PublishRefusal(400, "invalid_batch", "An array holds 1 to " + maxBatch + " publications; got "
                    + root.size());
        }
        List<PublishItem> items = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            if (!root.get(i).isObject()) {
                throw new PublishRefusal(400, "invalid_body", "Publication " + i + " is not an object", i);
            }
            items.add(item(root.get(i), i));
        }
        return new Parsed(items, true);
    }

    private PublishItem item(JsonNode node, int index) {
        String where = index < 0 ? "" : " (publication " + index + ")";
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new PublishRefusal(400, "unknown_field", "Unknown field \"" + shorten(name) + "\"" + where
                        + ": a publication has topic, data and id", index);
            }
        }
        JsonNode topic = node.get("topic");
        if (topic == null || !topic.isTextual() || !TopicName.isValid(topic.textValue())) {
            throw new PublishRefusal(400, "invalid_topic", "topic" + where + " must be 1 to " + TopicName.MAX_LENGTH
                    + " letters, digits or _ . : @ / -, starting with a letter or digit", index);
        }
        JsonNode data = node.get("data");
        if (data == null) {
            throw new PublishRefusal(400, "missing_data", "data" + where + " is missing: any JSON value", index);
        }
        return new PublishItem(topic.textValue(), compact(data), idempotencyKey(node.get("id"), where, index));
    }

    private static String idempotencyKey(JsonNode id, String where, int index) {
        if (id == null) {
            return null;
        }
        String text = id.isTextual() ? id.textValue() : null;
        if (text == null || text.isEmpty() || text.length() > MAX_ID_LENGTH || text.chars().anyMatch(Character::isISOControl)) {
            throw new PublishRefusal(400, "invalid_id", "id" + where + " is a string of 1 to " + MAX_ID_LENGTH
                    + " characters (no control characters) naming the publication, so that a retry is not published "
                    + "twice", index);
        }
        return text;
    }

    private String compact(JsonNode data) {
        try {
            return mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed tree always serializes", e);
        }
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed";
        }
        int lineBreak = message.indexOf('\n');
        return lineBreak < 0 ? message : message.substring(0, lineBreak);
    }
}
