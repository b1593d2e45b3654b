package dev.parley.push.internal;

import dev.parley.push.TopicName;
import java.math.BigInteger;
import java.util.Map;
import java.util.Set;

/**
 * What a subscriber asks for, checked: a valid topic, where to resume ({@code -1}: live only), and the token it
 * presented with this request (null: use the connection's). Parsed from plain Java values (a JSON object read
 * as a Map, or Socket.IO's event arguments).
 */
public record SubscribeRequest(String topic, long after, String token) {
    private static final Set<String> FIELDS = Set.of("type", "topic", "after", "token");
    private static final Set<String> UNSUBSCRIBE_FIELDS = Set.of("type", "topic");

    /** A subscription: {@code {topic, after?, token?}} ({@code type} allowed too), or only the topic's name. */
    public static SubscribeRequest subscribe(Object payload) throws RequestError {
        if (payload instanceof String topic) {
            return new SubscribeRequest(topic(topic), -1, null);
        }
        Map<?, ?> fields = object(payload, FIELDS);
        String topic = topic(fields.get("topic"));
        return new SubscribeRequest(topic, after(fields.get("after"), topic), token(fields.get("token"), topic));
    }

    /** The topic of an unsubscription: {@code {topic}} ({@code type} allowed too), or only the topic's name. */
    public static String unsubscribeTopic(Object payload) throws RequestError {
        if (payload instanceof String topic) {
            return topic(topic);
        }
        return topic(object(payload, UNSUBSCRIBE_FIELDS).get("topic"));
    }

    private static Map<?, ?> object(Object payload, Set<String> allowed) throws RequestError {
        if (!(payload instanceof Map<?, ?> fields)) {
            throw new RequestError("invalid_message", "expected a JSON object", null);
        }
        for (Object name : fields.keySet()) {
            // Strict, so that a misspelt field ("afterId") is an error instead of a silent live-only subscription.
            if (!allowed.contains(name)) {
                throw new RequestError("invalid_message", "unknown field '" + shorten(String.valueOf(name))
                        + "'; expected " + allowed, null);
            }
        }
        return fields;
    }

    private static String topic(Object value) throws RequestError {
        if (!(value instanceof String topic)) {
            throw new RequestError("invalid_message", "'topic' must be a string", null);
        }
        if (!TopicName.isValid(topic)) {
            throw new RequestError("invalid_topic", "a topic is 1 to " + TopicName.MAX_LENGTH
                    + " letters, digits or _ . : @ / -, starting with a letter or digit", null);
        }
        return topic;
    }

    private static long after(Object value, String topic) throws RequestError {
        if (value == null) {
            return -1;
        }
        boolean integral = value instanceof Integer || value instanceof Long
                || value instanceof BigInteger big && big.bitLength() < 64;
        long after = integral ? ((Number) value).longValue() : Long.MIN_VALUE;
        // -1 as the hub takes it: live events only (the same as leaving 'after' out).
        if (after < -1) {
            throw new RequestError("invalid_message", "'after' must be an event id (an integer >= 0), 0 for all "
                    + "retained events, or -1 (or absent) for live events only", topic);
        }
        return after;
    }

    private static String token(Object value, String topic) throws RequestError {
        if (value != null && !(value instanceof String)) {
            throw new RequestError("invalid_message", "'token' must be a string", topic);
        }
        return (String) value;
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
