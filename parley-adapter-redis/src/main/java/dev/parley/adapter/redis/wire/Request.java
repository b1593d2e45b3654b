package dev.parley.adapter.redis.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request published on {@link ClassicChannels#request()}. {@link RequestType#BROADCAST} is MessagePack
 * ({@code parser.encode}); every other type is JSON ({@code JSON.stringify}), with the keys in the order of
 * {@code @socket.io/redis-adapter} 8.3.0's source: {@code uid, requestId, type}, then by type
 * {@code rooms} (SOCKETS), nothing (ALL_ROOMS), {@code opts, rooms} (REMOTE_JOIN, REMOTE_LEAVE),
 * {@code opts, close} (REMOTE_DISCONNECT), {@code opts} (REMOTE_FETCH), {@code data} (SERVER_SIDE_EMIT),
 * {@code packet, opts} (BROADCAST). The emitter writes no {@code uid} except on SERVER_SIDE_EMIT
 * ({@code "emitter"}); requests without a reply carry no {@code requestId}. Fields a type does not use are
 * null. In JSON a {@code byte[]} becomes {@code {"type":"Buffer","data":[...]}} and stays that object on the
 * other side, as in Node, which does not convert it back. Immutable.
 *
 * @param type      the request type
 * @param uid       the requesting server's uid, or null (emitter)
 * @param requestId the id responses quote, or null when no response is expected
 * @param opts      the targeted sockets (REMOTE_JOIN, REMOTE_LEAVE, REMOTE_DISCONNECT, REMOTE_FETCH, BROADCAST)
 * @param rooms     the rooms to join or leave (REMOTE_JOIN, REMOTE_LEAVE), or to list sockets of (SOCKETS)
 * @param close     whether to close the connection (REMOTE_DISCONNECT)
 * @param data      the event name and arguments (SERVER_SIDE_EMIT)
 * @param packet    the packet to broadcast (BROADCAST)
 */
public record Request(RequestType type, String uid, String requestId, BroadcastOptions opts, List<String> rooms,
        Boolean close, List<Object> data, Packet packet) {

    public Request {
        rooms = rooms == null ? null : List.copyOf(rooms);
        data = data == null ? null : Collections.unmodifiableList(new ArrayList<>(data));
    }

    public static Request allRooms(String uid, String requestId) {
        return new Request(RequestType.ALL_ROOMS, uid, requestId, null, null, null, null, null);
    }

    public static Request remoteJoin(String uid, BroadcastOptions opts, List<String> rooms) {
        return new Request(RequestType.REMOTE_JOIN, uid, null, opts, rooms, null, null, null);
    }

    public static Request remoteLeave(String uid, BroadcastOptions opts, List<String> rooms) {
        return new Request(RequestType.REMOTE_LEAVE, uid, null, opts, rooms, null, null, null);
    }

    public static Request remoteDisconnect(String uid, BroadcastOptions opts, boolean close) {
        return new Request(RequestType.REMOTE_DISCONNECT, uid, null, opts, null, close, null, null);
    }

    public static Request remoteFetch(String uid, String requestId, BroadcastOptions opts) {
        return new Request(RequestType.REMOTE_FETCH, uid, requestId, opts, null, null, null, null);
    }

    /** With a {@code requestId} the other servers answer with one acknowledgement each. */
    public static Request serverSideEmit(String uid, String requestId, List<Object> data) {
        return new Request(RequestType.SERVER_SIDE_EMIT, uid, requestId, null, null, null, data, null);
    }

    public static Request broadcast(String uid, String requestId, Packet packet, BroadcastOptions opts) {
        return new Request(RequestType.BROADCAST, uid, requestId, opts, null, null, null, packet);
    }

    /** The bytes Node publishes for this request. */
    public byte[] encode() {
        Map<String, Object> map = new LinkedHashMap<>();
        if (uid != null) {
            map.put("uid", uid);
        }
        if (requestId != null) {
            map.put("requestId", requestId);
        }
        map.put("type", type.code());
        switch (type) {
            case SOCKETS -> map.put("rooms", rooms);
            case REMOTE_JOIN, REMOTE_LEAVE -> {
                map.put("opts", opts.toMap());
                map.put("rooms", rooms);
            }
            case REMOTE_DISCONNECT -> {
                map.put("opts", opts.toMap());
                map.put("close", close);
            }
            case REMOTE_FETCH -> map.put("opts", opts.toMap());
            case SERVER_SIDE_EMIT -> map.put("data", data);
            case BROADCAST -> {
                map.put("packet", packet.toMap());
                map.put("opts", opts.toMap());
            }
            default -> {
            }
        }
        return type == RequestType.BROADCAST ? Notepack.encode(map) : JsJson.stringify(map);
    }

    /**
     * Reads a request as Node's {@code onrequest} does: JSON when the first byte is {@code '{'}, else
     * MessagePack. A type this version does not handle as a request (including the response types 8 and 9)
     * is an {@link UnknownTypeException}; a missing or mistyped field a {@link WireFormatException}. The
     * legacy per-socket form of REMOTE_JOIN/LEAVE/DISCONNECT ({@code sid}, no {@code opts}), which 8.3.0 no
     * longer sends, is rejected as malformed.
     */
    public static Request decode(byte[] bytes) throws WireFormatException {
        Map<String, Object> map = Shapes.map(ClassicMessages.decodePayload(bytes), "request");
        RequestType type = RequestType.of(map.get("type"));
        String uid = optionalString(map, "uid");
        String requestId = optionalString(map, "requestId");
        return switch (type) {
            case SOCKETS -> new Request(type, uid, requestId, null, Shapes.rooms(map.get("rooms"), "rooms"), null,
                    null, null);
            case ALL_ROOMS -> allRooms(uid, requestId);
            case REMOTE_JOIN, REMOTE_LEAVE -> new Request(type, uid, requestId, opts(map),
                    Shapes.rooms(map.get("rooms"), "rooms"), null, null, null);
            case REMOTE_DISCONNECT -> new Request(type, uid, requestId, opts(map), null,
                    Boolean.TRUE.equals(map.get("close")), null, null);
            case REMOTE_FETCH -> remoteFetch(uid, requestId, opts(map));
            case SERVER_SIDE_EMIT -> serverSideEmit(uid, requestId, Shapes.list(map.get("data"), "data"));
            case BROADCAST -> broadcast(uid, requestId, Packet.fromMap(map.get("packet")), opts(map));
            default -> throw new UnknownTypeException(map.get("type"));
        };
    }

    private static BroadcastOptions opts(Map<String, Object> map) throws WireFormatException {
        return BroadcastOptions.fromMap(map.get("opts"), "opts");
    }

    private static String optionalString(Map<String, Object> map, String key) throws WireFormatException {
        Object v = map.get(key);
        return v == null ? null : Shapes.string(v, key);
    }
}
