package dev.parley.adapter.redis.wire;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dropped socket's session as {@code @socket.io/redis-streams-adapter} 0.3.1 keeps it in Redis for
 * connection state recovery: under {@code sessionKeyPrefix + pid} (default {@code sio:session:}), the
 * base64 of the MessagePack of socket.io's {@code {sid, pid, rooms, data}} (that key order, rooms in the
 * socket's join order, its own id first), set with {@code PX} the recovery window so that Redis expires it.
 * Node and Parley read each other's records. Immutable.
 *
 * @param sid   the socket id
 * @param pid   the private session id
 * @param rooms the rooms, the socket's own room included
 * @param data  {@code socket.data}: any value Node can hold (Parley writes a map)
 */
public record StoredSession(String sid, String pid, List<String> rooms, Object data) {
    public StoredSession {
        rooms = List.copyOf(rooms);
    }

    /** The value stored at the session key. */
    public String encode() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("sid", sid);
        map.put("pid", pid);
        map.put("rooms", new ArrayList<>(rooms));
        map.put("data", data);
        return Base64.getEncoder().encodeToString(Notepack.encode(map));
    }

    /** Reads a stored value; fails if it is not base64 MessagePack of an object with string sid and pid. */
    public static StoredSession decode(String stored) throws WireFormatException {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(stored);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("a session is base64: " + e.getMessage(), e);
        }
        Map<String, Object> map = Shapes.map(Notepack.decode(bytes), "session");
        Object rooms = map.get("rooms");
        return new StoredSession(Shapes.string(map.get("sid"), "sid"), Shapes.string(map.get("pid"), "pid"),
                rooms == null ? List.of() : Shapes.rooms(rooms, "rooms"), map.get("data"));
    }
}
