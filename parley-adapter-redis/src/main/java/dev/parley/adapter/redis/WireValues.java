package dev.parley.adapter.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Application values on their way to other servers: made of what both encodings carry (maps, lists,
 * strings, numbers, booleans, null, {@code byte[]}), and written as JSON the way Node's
 * {@code JSON.stringify} writes them.
 */
final class WireValues {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private WireValues() {
    }

    /** Records, POJOs and other Jackson-serializable values become maps and lists; binaries stay binary. */
    static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof byte[] || value instanceof java.time.Instant) {
            return value;
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
            return copy;
        }
        if (value instanceof Iterable<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(plain(v)));
            return copy;
        }
        if (value instanceof Object[] array) {
            return plain(List.of(array));
        }
        return plain(MAPPER.convertValue(value, Object.class));
    }

    /** JSON as {@code JSON.stringify} gives it: a binary is {@code {"type":"Buffer","data":[...]}}. */
    static byte[] json(Object value) {
        try {
            return MAPPER.writeValueAsBytes(nodeJson(plain(value)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not encodable as JSON: " + e.getMessage(), e);
        }
    }

    /** Parses a JSON message to maps, lists and plain values. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseJson(byte[] bytes) throws java.io.IOException {
        Object value = MAPPER.readValue(bytes, Object.class);
        if (!(value instanceof Map<?, ?>)) {
            throw new java.io.IOException("not a JSON object");
        }
        return (Map<String, Object>) value;
    }

    private static Object nodeJson(Object value) {
        if (value instanceof byte[] bytes) {
            List<Integer> data = new ArrayList<>(bytes.length);
            for (byte b : bytes) {
                data.add(b & 0xff);
            }
            Map<String, Object> buffer = new LinkedHashMap<>();
            buffer.put("type", "Buffer");
            buffer.put("data", data);
            return buffer;
        }
        if (value instanceof java.time.Instant instant) {
            return instant.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), nodeJson(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(nodeJson(v)));
            return copy;
        }
        return value;
    }
}
