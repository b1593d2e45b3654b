package dev.parley.adminui.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Counts of engine events (connections, disconnections by reason) per second, drained into each
 * {@code server_stats} as its {@code aggregatedEvents}: entries {@code {timestamp, type, subType, count}}, the
 * timestamp truncated to the second. Bounded by what one stats interval holds: a handful of types and
 * reasons per second. Thread-safe.
 */
public final class EventBuffer {
    private final Clock clock;
    private final Map<Key, long[]> counts = new LinkedHashMap<>();

    public EventBuffer(Clock clock) {
        this.clock = clock;
    }

    private record Key(long second, String type, String subType) {
    }

    public void add(String type, String subType, long count) {
        long second = clock.millis() / 1000 * 1000;
        synchronized (counts) {
            counts.computeIfAbsent(new Key(second, type, subType), k -> new long[1])[0] += count;
        }
    }

    /** The counts since the last call, in the order they were first seen; the buffer is left empty. */
    public List<Map<String, Object>> drain() {
        List<Map<String, Object>> out = new ArrayList<>();
        synchronized (counts) {
            counts.forEach((key, count) -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("timestamp", key.second());
                entry.put("type", key.type());
                if (key.subType() != null) {
                    entry.put("subType", key.subType());
                }
                entry.put("count", count[0]);
                out.add(entry);
            });
            counts.clear();
        }
        return out;
    }

    @Override
    public String toString() {
        synchronized (counts) {
            return Objects.toString(counts.keySet());
        }
    }
}
