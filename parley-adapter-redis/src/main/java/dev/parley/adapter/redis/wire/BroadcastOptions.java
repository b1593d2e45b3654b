package dev.parley.adapter.redis.wire;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who a broadcast or remote operation targets: {@code {rooms, except, flags}}. The adapter writes the keys in
 * that order, the emitter as {@code {rooms, flags, except}}; {@link #layout} remembers which so that a
 * decoded message re-encodes byte for byte. Requests other than BROADCAST carry no flags. Immutable.
 *
 * @param rooms  the rooms targeted (none: every socket)
 * @param except the rooms excluded (a socket's own room for {@code socket.broadcast})
 * @param flags  the flags, or null where the message has none (requests other than BROADCAST)
 * @param layout the key order
 */
public record BroadcastOptions(List<String> rooms, List<String> except, BroadcastFlags flags, Layout layout) {
    /** Key order of the options object. */
    public enum Layout {
        /** {@code rooms, except, flags}: {@code RedisAdapter.broadcast} and every request. */
        ADAPTER,
        /** {@code rooms, flags, except}: {@code @socket.io/redis-emitter}'s {@code BroadcastOperator.emit}. */
        EMITTER
    }

    public BroadcastOptions {
        rooms = List.copyOf(rooms);
        except = List.copyOf(except);
    }

    /** Options of a broadcast as the adapter writes them. */
    public static BroadcastOptions of(List<String> rooms, List<String> except, BroadcastFlags flags) {
        return new BroadcastOptions(rooms, except, flags, Layout.ADAPTER);
    }

    /** Options of a request (no flags). */
    public static BroadcastOptions of(List<String> rooms, List<String> except) {
        return new BroadcastOptions(rooms, except, null, Layout.ADAPTER);
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("rooms", rooms);
        if (layout == Layout.EMITTER && flags != null) {
            map.put("flags", flags.values());
        }
        map.put("except", except);
        if (layout == Layout.ADAPTER && flags != null) {
            map.put("flags", flags.values());
        }
        return map;
    }

    static BroadcastOptions fromMap(Object value, String what) throws WireFormatException {
        Map<String, Object> map = Shapes.map(value, what);
        Object flags = map.get("flags");
        BroadcastFlags parsed = flags == null ? null : new BroadcastFlags(Shapes.map(flags, what + ".flags"));
        Layout layout = Layout.ADAPTER;
        for (String key : map.keySet()) {
            if (key.equals("except")) {
                break;
            }
            if (key.equals("flags")) {
                layout = Layout.EMITTER;
                break;
            }
        }
        return new BroadcastOptions(Shapes.rooms(map.get("rooms"), what + ".rooms"),
                Shapes.rooms(map.get("except"), what + ".except"), parsed, layout);
    }
}
