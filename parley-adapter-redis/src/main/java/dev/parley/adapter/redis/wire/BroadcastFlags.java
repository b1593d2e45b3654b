package dev.parley.adapter.redis.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A broadcast's {@code flags} object carried exactly: only the flags that were set, in the order they were set
 * (socket.io's {@code Object.assign({}, flags, {volatile: true})} appends), which the bytes depend on. Node
 * 4.8.1 sets {@code volatile}, {@code compress}, {@code local}, {@code timeout} (ms) and, for a
 * {@code RemoteSocket}'s emit, {@code expectSingleResponse}; any other key is kept as decoded. Immutable.
 *
 * @param values the flags in wire order (copied)
 */
public record BroadcastFlags(Map<String, Object> values) {
    /** No flag set: {@code {}}. */
    public static final BroadcastFlags NONE = new BroadcastFlags(Map.of());

    public BroadcastFlags {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** These flags with {@code name} set to {@code value}, appended if new, as Object.assign does. */
    public BroadcastFlags with(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return new BroadcastFlags(copy);
    }

    /** {@code volatile}: true, or null when absent (absent is not false on the wire). */
    public Boolean isVolatile() {
        return bool("volatile");
    }

    public Boolean compress() {
        return bool("compress");
    }

    public Boolean local() {
        return bool("local");
    }

    public Boolean expectSingleResponse() {
        return bool("expectSingleResponse");
    }

    /** {@code timeout} in milliseconds, or null. */
    public Long timeout() {
        return values.get("timeout") instanceof Number n ? n.longValue() : null;
    }

    private Boolean bool(String name) {
        return values.get(name) instanceof Boolean b ? b : null;
    }
}
