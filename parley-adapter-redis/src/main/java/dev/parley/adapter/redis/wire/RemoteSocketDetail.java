package dev.parley.adapter.redis.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One socket in a REMOTE_FETCH response, {@code {id, handshake, rooms, data}} as Node writes it. The handshake
 * is kept as the map Node sends ({@code headers, time, address, xdomain, secure, issued, url, query, auth}),
 * for the adapter to map. A {@code data} of null is written as {@code "data":null}; Node omits it when
 * {@code socket.data} is undefined, which decodes to null too. Immutable.
 *
 * @param id        the socket id
 * @param handshake the handshake object, in wire order
 * @param rooms     the socket's rooms (its own id among them)
 * @param data      {@code socket.data}, as JSON values
 */
public record RemoteSocketDetail(String id, Map<String, Object> handshake, List<String> rooms, Object data) {
    public RemoteSocketDetail {
        handshake = Collections.unmodifiableMap(new LinkedHashMap<>(handshake));
        rooms = List.copyOf(rooms);
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", id);
        map.put("handshake", handshake);
        map.put("rooms", rooms);
        map.put("data", data);
        return map;
    }

    static RemoteSocketDetail fromMap(Object value) throws WireFormatException {
        Map<String, Object> map = Shapes.map(value, "socket");
        return new RemoteSocketDetail(Shapes.string(map.get("id"), "socket.id"),
                Shapes.map(map.get("handshake"), "socket.handshake"), Shapes.rooms(map.get("rooms"), "socket.rooms"),
                map.get("data"));
    }
}
