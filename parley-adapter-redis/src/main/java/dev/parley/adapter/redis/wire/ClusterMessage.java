package dev.parley.adapter.redis.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One message of socket.io-adapter's {@code ClusterAdapter} model, as {@code createShardedAdapter} publishes it:
 * the object {@code {type, data, uid, nsp}} (that key order: the message literal, then {@code uid} and
 * {@code nsp} added by {@code publishAndReturnOffset}). {@code data} by type, keys in Node's order:
 * <ul>
 *   <li>BROADCAST: {@code {packet, opts}}, with an ack {@code {packet, requestId, opts}}; the packet is
 *       {@code {type: 2, data}} (no {@code nsp}: the operator's packet before the in-memory adapter sets it);</li>
 *   <li>SOCKETS_JOIN / SOCKETS_LEAVE: {@code {opts, rooms}}; DISCONNECT_SOCKETS: {@code {opts, close}};
 *       FETCH_SOCKETS: {@code {opts, requestId}};</li>
 *   <li>SERVER_SIDE_EMIT: {@code {packet}} (event and arguments), with an ack {@code {requestId, packet}};</li>
 *   <li>responses: FETCH_SOCKETS_RESPONSE {@code {requestId, sockets}}, SERVER_SIDE_EMIT_RESPONSE and
 *       BROADCAST_ACK {@code {requestId, packet}}, BROADCAST_CLIENT_COUNT {@code {requestId, clientCount}}.</li>
 * </ul>
 * {@code opts} is always {@code {rooms, except, flags}}, {@code flags} an object (empty when none is set).
 * Encoding as {@code ShardedRedisAdapter.encode}: MessagePack of the whole message when the type may carry
 * binary (BROADCAST, BROADCAST_ACK, FETCH_SOCKETS_RESPONSE, SERVER_SIDE_EMIT, SERVER_SIDE_EMIT_RESPONSE) and
 * {@code data} holds a {@code byte[]} at any depth, else {@code JSON.stringify}. Immutable.
 *
 * @param type the message type
 * @param data the payload, in wire order
 * @param uid  the sending server's uid (16 hex characters in Node)
 * @param nsp  the namespace
 */
public record ClusterMessage(ClusterMessageType type, Map<String, Object> data, String uid, String nsp) {
    /** Socket.IO's EVENT packet type. */
    private static final int EVENT = 2;

    public ClusterMessage {
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    public static ClusterMessage broadcast(String uid, String nsp, List<Object> eventAndArgs, BroadcastOptions opts) {
        return of(ClusterMessageType.BROADCAST, uid, nsp, "packet", packet(eventAndArgs), "opts", opts.toMap());
    }

    public static ClusterMessage broadcastWithAck(String uid, String nsp, List<Object> eventAndArgs,
            String requestId, BroadcastOptions opts) {
        return of(ClusterMessageType.BROADCAST, uid, nsp, "packet", packet(eventAndArgs), "requestId", requestId,
                "opts", opts.toMap());
    }

    public static ClusterMessage socketsJoin(String uid, String nsp, BroadcastOptions opts, List<String> rooms) {
        return of(ClusterMessageType.SOCKETS_JOIN, uid, nsp, "opts", opts.toMap(), "rooms", List.copyOf(rooms));
    }

    public static ClusterMessage socketsLeave(String uid, String nsp, BroadcastOptions opts, List<String> rooms) {
        return of(ClusterMessageType.SOCKETS_LEAVE, uid, nsp, "opts", opts.toMap(), "rooms", List.copyOf(rooms));
    }

    public static ClusterMessage disconnectSockets(String uid, String nsp, BroadcastOptions opts, boolean close) {
        return of(ClusterMessageType.DISCONNECT_SOCKETS, uid, nsp, "opts", opts.toMap(), "close", close);
    }

    public static ClusterMessage fetchSockets(String uid, String nsp, BroadcastOptions opts, String requestId) {
        return of(ClusterMessageType.FETCH_SOCKETS, uid, nsp, "opts", opts.toMap(), "requestId", requestId);
    }

    /** Without a {@code requestId} (null) no answer is expected. */
    public static ClusterMessage serverSideEmit(String uid, String nsp, String requestId, List<Object> eventAndArgs) {
        return requestId == null
                ? of(ClusterMessageType.SERVER_SIDE_EMIT, uid, nsp, "packet", eventAndArgs)
                : of(ClusterMessageType.SERVER_SIDE_EMIT, uid, nsp, "requestId", requestId, "packet", eventAndArgs);
    }

    public static ClusterMessage fetchSocketsResponse(String uid, String nsp, String requestId,
            List<RemoteSocketDetail> sockets) {
        List<Object> list = new ArrayList<>();
        sockets.forEach(s -> list.add(s.toMap()));
        return of(ClusterMessageType.FETCH_SOCKETS_RESPONSE, uid, nsp, "requestId", requestId, "sockets", list);
    }

    public static ClusterMessage serverSideEmitResponse(String uid, String nsp, String requestId, Object argument) {
        return of(ClusterMessageType.SERVER_SIDE_EMIT_RESPONSE, uid, nsp, "requestId", requestId, "packet", argument);
    }

    public static ClusterMessage broadcastClientCount(String uid, String nsp, String requestId, int clientCount) {
        return of(ClusterMessageType.BROADCAST_CLIENT_COUNT, uid, nsp, "requestId", requestId,
                "clientCount", clientCount);
    }

    public static ClusterMessage broadcastAck(String uid, String nsp, String requestId, Object argument) {
        return of(ClusterMessageType.BROADCAST_ACK, uid, nsp, "requestId", requestId, "packet", argument);
    }

    private static Map<String, Object> packet(List<Object> eventAndArgs) {
        Map<String, Object> packet = new LinkedHashMap<>();
        packet.put("type", EVENT);
        packet.put("data", eventAndArgs);
        return packet;
    }

    private static ClusterMessage of(ClusterMessageType type, String uid, String nsp, Object... keyValues) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            data.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new ClusterMessage(type, data, uid, nsp);
    }

    // ---- reading ----

    /** The {@code requestId}, or null (a broadcast or server-side emit without ack, a join...). */
    public String requestId() {
        return data.get("requestId") instanceof String s ? s : null;
    }

    /** BROADCAST, SOCKETS_*, DISCONNECT_SOCKETS, FETCH_SOCKETS: who is targeted. */
    public BroadcastOptions opts() throws WireFormatException {
        return BroadcastOptions.fromMap(data.get("opts"), "data.opts");
    }

    /** BROADCAST: the packet's type (2 for an event). */
    public int packetType() throws WireFormatException {
        Map<String, Object> packet = Shapes.map(data.get("packet"), "data.packet");
        if (!(packet.get("type") instanceof Integer type)) {
            throw new WireFormatException("data.packet.type is not an integer");
        }
        return type;
    }

    /** BROADCAST: the event and its arguments ({@code packet.data}). */
    public List<Object> packetData() throws WireFormatException {
        return Shapes.list(Shapes.map(data.get("packet"), "data.packet").get("data"), "data.packet.data");
    }

    /** SERVER_SIDE_EMIT: the event and its arguments ({@code data.packet}). */
    public List<Object> serverSideEmitData() throws WireFormatException {
        return Shapes.list(data.get("packet"), "data.packet");
    }

    /** SOCKETS_JOIN / SOCKETS_LEAVE: the rooms. */
    public List<String> rooms() throws WireFormatException {
        return Shapes.rooms(data.get("rooms"), "data.rooms");
    }

    public boolean close() {
        return Boolean.TRUE.equals(data.get("close"));
    }

    /** FETCH_SOCKETS_RESPONSE: the sockets. */
    public List<RemoteSocketDetail> sockets() throws WireFormatException {
        List<RemoteSocketDetail> sockets = new ArrayList<>();
        for (Object socket : Shapes.list(data.get("sockets"), "data.sockets")) {
            sockets.add(RemoteSocketDetail.fromMap(socket));
        }
        return sockets;
    }

    /** SERVER_SIDE_EMIT_RESPONSE, BROADCAST_ACK: the answer ({@code data.packet}). */
    public Object answer() {
        return data.get("packet");
    }

    public Integer clientCount() {
        return data.get("clientCount") instanceof Number n ? n.intValue() : null;
    }

    // ---- bytes ----

    /** The bytes Node publishes for this message. */
    public byte[] encode() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", type.code());
        map.put("data", data);
        map.put("uid", uid);
        map.put("nsp", nsp);
        return type.mayContainBinary() && hasBinary(data) ? Notepack.encode(map) : JsJson.stringify(map);
    }

    /**
     * Reads a message as {@code onRawMessage} does: JSON when the first byte is {@code '{'}, else MessagePack.
     * It must be an object with a known numeric {@code type} ({@link UnknownTypeException} otherwise), string
     * {@code uid} and {@code nsp}, and an object {@code data} (absent only for heartbeats).
     */
    public static ClusterMessage decode(byte[] bytes) throws WireFormatException {
        Map<String, Object> map = Shapes.map(ClassicMessages.decodePayload(bytes), "message");
        ClusterMessageType type = ClusterMessageType.of(map.get("type"));
        Object data = map.get("data");
        return new ClusterMessage(type, data == null ? Map.of() : Shapes.map(data, "data"),
                Shapes.string(map.get("uid"), "uid"), Shapes.string(map.get("nsp"), "nsp"));
    }

    /** socket.io-redis-adapter's {@code hasBinary}: a Buffer, ArrayBuffer or typed array at any depth. */
    static boolean hasBinary(Object value) {
        if (value instanceof byte[] || value instanceof ByteBuffer) {
            return true;
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(ClusterMessage::hasBinary);
        }
        if (value instanceof Object[] array) {
            for (Object element : array) {
                if (hasBinary(element)) {
                    return true;
                }
            }
            return false;
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(ClusterMessage::hasBinary);
        }
        return false;
    }
}
