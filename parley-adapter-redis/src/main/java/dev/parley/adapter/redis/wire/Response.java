package dev.parley.adapter.redis.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A response published on {@link ClassicChannels#response()} (or {@link ClassicChannels#response(String)}),
 * kept as the object on the wire, whose keys and their order depend on what it answers:
 * {@code {requestId, sockets}} (SOCKETS: ids; REMOTE_FETCH: {@link RemoteSocketDetail}s),
 * {@code {requestId, rooms}} (ALL_ROOMS), {@code {requestId}} (REMOTE_JOIN/LEAVE/DISCONNECT of one socket),
 * {@code {type: 6, requestId, data}} (SERVER_SIDE_EMIT; no {@code data} when the ack had no argument),
 * {@code {type: 8, requestId, clientCount}} and {@code {type: 9, requestId, packet}} (BROADCAST). Only
 * BROADCAST_ACK is MessagePack, the rest JSON. Untyped responses are matched to their request by
 * {@code requestId}, as Node does. Immutable.
 *
 * @param body the response object, in wire order
 */
public record Response(Map<String, Object> body) {
    public Response {
        body = Collections.unmodifiableMap(new LinkedHashMap<>(body));
    }

    public static Response sockets(String requestId, List<String> socketIds) {
        return of(null, requestId, "sockets", socketIds);
    }

    public static Response fetchedSockets(String requestId, List<RemoteSocketDetail> sockets) {
        List<Object> list = new ArrayList<>();
        sockets.forEach(s -> list.add(s.toMap()));
        return of(null, requestId, "sockets", list);
    }

    public static Response allRooms(String requestId, List<String> rooms) {
        return of(null, requestId, "rooms", rooms);
    }

    /** The answer to a REMOTE_JOIN, REMOTE_LEAVE or REMOTE_DISCONNECT of one socket. */
    public static Response done(String requestId) {
        return of(null, requestId, null, null);
    }

    public static Response serverSideEmitAck(String requestId, Object argument) {
        return of(RequestType.SERVER_SIDE_EMIT, requestId, "data", argument);
    }

    /** A server-side ack called without argument: Node's {@code data: undefined} disappears from the JSON. */
    public static Response serverSideEmitAckWithoutArgument(String requestId) {
        return of(RequestType.SERVER_SIDE_EMIT, requestId, null, null);
    }

    public static Response broadcastClientCount(String requestId, int clientCount) {
        return of(RequestType.BROADCAST_CLIENT_COUNT, requestId, "clientCount", clientCount);
    }

    /** One client's acknowledgement of a BROADCAST: its first argument. */
    public static Response broadcastAck(String requestId, Object argument) {
        return of(RequestType.BROADCAST_ACK, requestId, "packet", argument);
    }

    private static Response of(RequestType type, String requestId, String key, Object value) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (type != null) {
            body.put("type", type.code());
        }
        body.put("requestId", requestId);
        if (key != null) {
            body.put(key, value);
        }
        return new Response(body);
    }

    /** The type, or null for the untyped responses. */
    public RequestType type() {
        Object type = body.get("type");
        try {
            return type == null ? null : RequestType.of(type);
        } catch (UnknownTypeException e) {
            throw new IllegalStateException(e); // decode checked it
        }
    }

    public String requestId() {
        return (String) body.get("requestId");
    }

    /** SOCKETS: the socket ids; null when the response has no {@code sockets}. */
    @SuppressWarnings("unchecked")
    public List<Object> sockets() {
        return (List<Object>) body.get("sockets");
    }

    /** REMOTE_FETCH: the sockets' details. */
    public List<RemoteSocketDetail> fetchedSockets() throws WireFormatException {
        List<RemoteSocketDetail> details = new ArrayList<>();
        for (Object socket : Shapes.list(body.get("sockets"), "sockets")) {
            details.add(RemoteSocketDetail.fromMap(socket));
        }
        return details;
    }

    /** ALL_ROOMS: the rooms. */
    public List<String> rooms() throws WireFormatException {
        return Shapes.rooms(body.get("rooms"), "rooms");
    }

    /** SERVER_SIDE_EMIT: whether the ack had an argument. */
    public boolean hasData() {
        return body.containsKey("data");
    }

    public Object data() {
        return body.get("data");
    }

    public Integer clientCount() {
        return body.get("clientCount") instanceof Number n ? n.intValue() : null;
    }

    /** BROADCAST_ACK: the client's acknowledgement argument. */
    public Object ackArgument() {
        return body.get("packet");
    }

    /** The bytes Node publishes for this response. */
    public byte[] encode() {
        return type() == RequestType.BROADCAST_ACK ? Notepack.encode(body) : JsJson.stringify(body);
    }

    /**
     * Reads a response: JSON when the first byte is {@code '{'}, else MessagePack. It must be an object with a
     * string {@code requestId} (Node ignores others); a {@code type} must be known
     * ({@link UnknownTypeException}); {@code clientCount} must be a number, {@code sockets} and {@code rooms}
     * arrays.
     */
    public static Response decode(byte[] bytes) throws WireFormatException {
        Map<String, Object> body = Shapes.map(ClassicMessages.decodePayload(bytes), "response");
        Shapes.string(body.get("requestId"), "requestId");
        if (body.containsKey("type")) {
            RequestType.of(body.get("type"));
        }
        if (body.containsKey("clientCount") && !(body.get("clientCount") instanceof Number)) {
            throw new WireFormatException("clientCount is not a number");
        }
        if (body.containsKey("sockets")) {
            Shapes.list(body.get("sockets"), "sockets");
        }
        if (body.containsKey("rooms")) {
            Shapes.list(body.get("rooms"), "rooms");
        }
        return new Response(body);
    }
}
