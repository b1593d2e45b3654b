package dev.parley.adapter.redis.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Socket.IO packet inside a broadcast: {@code {type, data, nsp}}, or {@code {type, data, id, nsp}} when
 * it carries an ack id (a socket's own emit with connection state recovery, where socket.io sets {@code id}
 * before the adapter sets {@code nsp}). Those are the key orders every Node producer writes. Immutable.
 *
 * @param type the Socket.IO packet type (2, EVENT, for every broadcast of socket.io 4)
 * @param data the event name and arguments, as {@link Notepack} values
 * @param id   the ack id, or null
 * @param nsp  the namespace ({@code "/"} when the message had none, as Node's {@code onmessage} assumes)
 */
public record Packet(int type, List<Object> data, Integer id, String nsp) {
    /** Socket.IO's EVENT packet type. */
    public static final int EVENT = 2;

    public Packet {
        data = Collections.unmodifiableList(new ArrayList<>(data));
    }

    /** An EVENT packet without ack id. */
    public static Packet event(String nsp, List<Object> data) {
        return new Packet(EVENT, data, null, nsp);
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", type);
        map.put("data", data);
        if (id != null) {
            map.put("id", id);
        }
        map.put("nsp", nsp);
        return map;
    }

    static Packet fromMap(Object value) throws WireFormatException {
        Map<String, Object> map = Shapes.map(value, "packet");
        if (!(map.get("type") instanceof Integer type)) {
            throw new WireFormatException("packet.type is not an integer: " + Shapes.describe(map.get("type")));
        }
        Object id = map.get("id");
        if (id != null && !(id instanceof Integer)) {
            throw new WireFormatException("packet.id is not an integer: " + Shapes.describe(id));
        }
        Object nsp = map.get("nsp");
        return new Packet(type, Shapes.list(map.get("data"), "packet.data"), (Integer) id,
                nsp == null ? "/" : Shapes.string(nsp, "packet.nsp"));
    }
}
