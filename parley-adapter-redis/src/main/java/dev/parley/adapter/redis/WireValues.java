package dev.parley.adapter.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Application values on their way to other servers, made of what both encodings carry: maps, lists,
 * strings, numbers, booleans, null, {@code byte[]} and {@code Instant}.
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
            return plain(java.util.Arrays.asList(array));
        }
        return plain(MAPPER.convertValue(value, Object.class));
    }
}
