package dev.parley.adapter.redis.wire;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dates as a Socket.IO client receives them: a Node server sends a {@code Date} through socket.io-parser's
 * {@code JSON.stringify}, which writes {@code toISOString()}. A broadcast decoded from Redis holds them as
 * {@link Instant}s; before it goes to clients they become those strings. Stateless.
 */
public final class JsDates {
    private JsDates() {
    }

    /** The value with every {@link Instant} (at any depth) replaced by its {@code toISOString()} text. */
    public static Object asIsoStrings(Object value) {
        if (value instanceof Instant instant) {
            return JsJson.isoString(instant);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, asIsoStrings(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(asIsoStrings(v)));
            return copy;
        }
        return value;
    }
}
