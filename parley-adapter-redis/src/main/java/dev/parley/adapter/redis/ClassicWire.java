package dev.parley.adapter.redis;

import dev.parley.adapter.redis.wire.Notepack;
import dev.parley.socketio.RemoteSocket;
import dev.parley.socketio.adapter.Adapter;
import dev.parley.socketio.adapter.BroadcastFlags;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.adapter.ClusterSocket;
import dev.parley.socketio.parser.Packet;
import dev.parley.socketio.parser.PacketType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic protocol's messages, between Parley's types and the maps Node sends: request types, packets,
 * broadcast options and flags. Malformed messages from Redis are logged at debug and ignored, as Node does.
 */
final class ClassicWire {
    private static final Logger LOG = LoggerFactory.getLogger(ClassicWire.class);

    // RequestType of @socket.io/redis-adapter lib/index.ts
    static final int SOCKETS = 0;
    static final int ALL_ROOMS = 1;
    static final int REMOTE_JOIN = 2;
    static final int REMOTE_LEAVE = 3;
    static final int REMOTE_DISCONNECT = 4;
    static final int REMOTE_FETCH = 5;
    static final int SERVER_SIDE_EMIT = 6;
    static final int BROADCAST = 7;
    static final int BROADCAST_CLIENT_COUNT = 8;
    static final int BROADCAST_ACK = 9;

    // socket.io-parser's PacketType
    private static final int EVENT = 2;
    private static final int BINARY_EVENT = 5;

    private ClassicWire() {
    }

    /** A packet as Node's broadcast operator builds it: {@code {type: 2, data, nsp}}. */
    static Map<String, Object> packet(Packet packet, String namespace) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("type", EVENT);
        wire.put("data", WireValues.plain(packet.data()));
        wire.put("nsp", namespace);
        return wire;
    }

    /**
     * {@code {rooms, except, flags}}: with {@code flags}, only those set, as Node's operator holds them
     * (an absent {@code volatile} stays absent).
     */
    static Map<String, Object> options(BroadcastOptions options, boolean withFlags) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("rooms", List.copyOf(options.rooms()));
        wire.put("except", List.copyOf(options.except()));
        if (withFlags) {
            Map<String, Object> flags = new LinkedHashMap<>();
            BroadcastFlags f = options.flags();
            if (f.isVolatile()) {
                flags.put("volatile", true);
            }
            if (!f.compress()) {
                flags.put("compress", false);
            }
            if (f.timeout() != null) {
                flags.put("timeout", f.timeout().toMillis());
            }
            wire.put("flags", flags);
        }
        return wire;
    }

    /** A broadcast another server published, for this namespace; empty if it is ours, another's, or malformed. */
    static Optional<Broadcast> decodeBroadcast(byte[] message, String ownUid, String namespace) {
        try {
            if (!(Notepack.decode(message) instanceof List<?> parts) || parts.size() < 3) {
                return Optional.empty();
            }
            if (ownUid.equals(parts.get(0)) || !(parts.get(1) instanceof Map<?, ?> packet)) {
                return Optional.empty();
            }
            Object nsp = packet.get("nsp") == null ? "/" : packet.get("nsp");
            if (!namespace.equals(nsp)) {
                return Optional.empty();
            }
            Optional<Packet> event = event(packet, namespace);
            if (event.isEmpty()) {
                return Optional.empty();
            }
            Map<?, ?> opts = parts.get(2) instanceof Map<?, ?> m ? m : Map.of();
            return Optional.of(new Broadcast(event.get(), options(opts)));
        } catch (Exception e) {
            LOG.debug("Ignoring a malformed broadcast: {}", e.toString());
            return Optional.empty();
        }
    }

    /** An EVENT (or BINARY_EVENT) packet's data as a Parley event packet, without an id. */
    @SuppressWarnings("unchecked")
    static Optional<Packet> event(Map<?, ?> packet, String namespace) {
        int type = packet.get("type") instanceof Number n ? n.intValue() : -1;
        if ((type != EVENT && type != BINARY_EVENT) || !(packet.get("data") instanceof List<?> data) || data.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Packet(PacketType.EVENT, namespace, Packet.NO_ID, (List<Object>) data));
    }

    /** Rooms, except and flags as another server sent them. */
    static BroadcastOptions options(Map<?, ?> opts) {
        BroadcastFlags flags = BroadcastFlags.DEFAULT;
        if (opts.get("flags") instanceof Map<?, ?> f) {
            if (Boolean.TRUE.equals(f.get("volatile"))) {
                flags = flags.withVolatile();
            }
            if (Boolean.FALSE.equals(f.get("compress"))) {
                flags = flags.withCompress(false);
            }
            if (f.get("timeout") instanceof Number t) {
                flags = flags.withTimeout(Duration.ofMillis(t.longValue()));
            }
        }
        return new BroadcastOptions(rooms(opts.get("rooms")), rooms(opts.get("except")), flags);
    }

    static Set<String> rooms(Object value) {
        Set<String> rooms = new LinkedHashSet<>();
        if (value instanceof List<?> list) {
            list.forEach(r -> rooms.add(room(r)));
        }
        return rooms;
    }

    /** A room name; Node allows numbers as rooms ({@code socket.join(1)}), which it prints as JS does. */
    static String room(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(value);
    }

    /** A request or response: JSON if it starts with '{', msgpack otherwise (as Node tells them apart). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> decodeRequest(byte[] message) {
        try {
            if (message.length > 0 && message[0] == '{') {
                return WireValues.parseJson(message);
            }
            Object decoded = Notepack.decode(message);
            return decoded instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
        } catch (Exception e) {
            LOG.debug("Ignoring a malformed request: {}", e.toString());
            return null;
        }
    }

    static int type(Map<String, Object> message) {
        return message.get("type") instanceof Number n ? n.intValue() : -1;
    }

    /** A socket of another server, from a REMOTE_FETCH answer. */
    static Optional<RemoteSocket> remoteSocket(Adapter adapter, String namespace, Object value) {
        if (!(value instanceof Map<?, ?> socket) || !(socket.get("id") instanceof String id)) {
            return Optional.empty();
        }
        return Optional.of(new ClusterSocket(adapter, namespace, id, NodeHandshake.fromWire(socket.get("handshake")),
                rooms(socket.get("rooms")), socket.get("data")));
    }

    record Broadcast(Packet packet, BroadcastOptions options) {
    }
}
